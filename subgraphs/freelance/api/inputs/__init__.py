"""Input types of the freelance subgraph (one `input` argument per mutation), per aggregate."""
