"""Every audit action the demo writes, in one place (the stored names are kept as they were)."""

DEMO_LOADED = "core.demo.loaded"
DEMO_REGISTRATIONS_GENERATED = "questions.demo.generated"
