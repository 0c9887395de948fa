"""The local page (`cchc giao-dien`): a Starlette app over `cchc_cli.api`, served on 127.0.0.1 only."""
