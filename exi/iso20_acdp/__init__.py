# GENERATED - do not edit. Produced by `python -m exi.codegen` from the ISO 15118-20 ACDP XSDs.
"""Generated code of the ISO 15118-20 ACDP schema set."""
