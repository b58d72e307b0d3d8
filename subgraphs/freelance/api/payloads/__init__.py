"""Mutation payloads: the changed object(s) and `errors: [UserError!]!`, per aggregate."""
