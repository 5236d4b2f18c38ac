# GENERATED - do not edit. Produced by `python -m exi.codegen` from the DIN 70121 XSDs.
"""Generated code of the DIN 70121 schema set."""
