"""Input types, one module per aggregate; a partial update reads what was sent with
`kit.fields.sent_fields`."""
