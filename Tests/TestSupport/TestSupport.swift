/// TestSupport: helpers shared by every test target — spec-case discovery (``SpecCase``),
/// golden files with a recording mode (``Golden``, `IMMPLAN_RECORD=1`) and inline sources with
/// position markers (``MarkedSource``). specs/README.md documents the spec formats.
public enum TestSupportModule {}
