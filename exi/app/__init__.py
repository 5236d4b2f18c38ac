# GENERATED - do not edit. Produced by `python -m exi.codegen` from the SupportedAppProtocol XSDs.
"""Generated code of the SupportedAppProtocol schema set."""
