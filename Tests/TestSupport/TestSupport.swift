/// TestSupport: helpers shared by every test target — spec cases and golden files with a
/// recording mode (``SpecCase``, ``Golden``, `IMMPLAN_RECORD=1`), inline sources with position
/// markers (``MarkedSource``), configuration files in memory (``InMemoryFileSystem``), the moto
/// endpoint and its gate (``MotoEndpoint``), and running the built binary (``BinaryRunner``).
/// specs/README.md documents the spec formats.
public enum TestSupportModule {}
