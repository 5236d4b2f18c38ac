# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-20 DC XSDs.
"""Generated code of the ISO 15118-20 DC schema set."""
