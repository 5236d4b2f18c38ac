# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-20 AC XSDs.
"""Generated code of the ISO 15118-20 AC schema set."""
