import Testing

@Test func buildsAndLinks() { #expect(Bool(true)) }
