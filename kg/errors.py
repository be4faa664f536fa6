"""The errors kg raises; the CLI turns any :class:`KgError` into one line and exit 1."""


class KgError(Exception):
    """Base of every error kg raises on purpose."""


class InputError(KgError):
    """An input file, folder or record that cannot be read."""


class ExportError(KgError):
    """An export that cannot be written."""


class QueryError(KgError):
    """A graph or SPARQL query that cannot be answered as asked."""


class UnknownNameError(KgError, KeyError):
    """A registry name (reader, exporter, engine) that is not known."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
