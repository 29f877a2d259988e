"""The one exception the parser raises."""


class ParseError(ValueError):
    """
    The text cannot be read as a resolution. `code` is a short slug for programs ("empty",
    "binary", "too_large", "no_operative_part", ...); the message says what was wrong in
    words the person who pasted the text understands.
    """

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
