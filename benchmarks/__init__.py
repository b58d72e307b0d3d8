"""`make bench`: measurements of the router, each against a baseline run on the same machine in
the same run, printed as ratios (see __main__)."""
