"""Contract facts (contracts.yaml), symbol parsing, expiry rules and the front-month roll."""
