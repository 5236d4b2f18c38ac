# GENERATED - do not edit. Produced by `python -m exi.codegen` from the W3C xmldsig-core XSDs.
"""Generated code of the W3C xmldsig-core schema set."""
