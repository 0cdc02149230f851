"""Code out of model replies, and validation of that code for its target.

``extract_code`` takes a whole reply; ``CodeStream`` shows the code while the reply streams;
``validate_code`` checks (and where it can, repairs) code for a target. Problems the user should
know about come back as warnings; code that cannot work raises ``InvalidCodeError``.
"""

from converters.extract.reply import ExtractedCode, extract_code
from converters.extract.stream import CodeStream
from converters.extract.validate import validate_code

__all__ = ["CodeStream", "ExtractedCode", "extract_code", "validate_code"]
