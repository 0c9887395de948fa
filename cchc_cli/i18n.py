"""Vietnamese for the strings Typer/Click print themselves (usage, option panels, errors)."""


def install_vietnamese() -> None:
    """Placeholder: filled in by the i18n work."""
