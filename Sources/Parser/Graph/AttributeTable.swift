/// The attributes of one bound body, sorted by name (the order every walk over them uses), found
/// by name without hashing.
///
/// Why not `[String: BoundAttribute]`: a body holds a handful of attributes, and the front end
/// looks them up several times per resource. Hashing the name (SipHash) for each lookup, and
/// allocating a hash table per body, was the largest single cost of `validate` (callgrind, 10,000
/// groups: String hashing and dictionary finds ~16% of instructions, most of it body lookups);
/// comparing a few short names is a fraction of one hash. Large bodies (a `locals` block with
/// thousands of entries) are searched by bisection, so no lookup is linear in a big body.
struct AttributeTable: Sendable, Hashable, RandomAccessCollection {
  private var sorted: [BoundAttribute] = []

  init() {}

  /// `attributes` in written order; when a name repeats, the first one is kept (the parser has
  /// reported the repetition).
  init(_ attributes: [BoundAttribute]) {
    guard attributes.count > 1 else {
      sorted = attributes
      return
    }
    // By name, then by position: equal names keep their written order, so the first one leads.
    let order = attributes.indices.sorted { a, b in
      let nameA = attributes[a].name
      let nameB = attributes[b].name
      return nameA == nameB ? a < b : nameA < nameB
    }
    sorted.reserveCapacity(attributes.count)
    for index in order where sorted.last?.name != attributes[index].name {
      sorted.append(attributes[index])
    }
  }

  /// The attribute called `name`, if the body has one.
  subscript(name: String) -> BoundAttribute? {
    if sorted.count <= 8 {
      // By index: only the names are read in place (binding each attribute copied it whole).
      for index in sorted.indices where sorted[index].name == name { return sorted[index] }
      return nil
    }
    var lower = 0
    var upper = sorted.count
    while lower < upper {
      let middle = (lower + upper) / 2
      if sorted[middle].name < name { lower = middle + 1 } else { upper = middle }
    }
    return lower < sorted.count && sorted[lower].name == name ? sorted[lower] : nil
  }

  var startIndex: Int { 0 }
  var endIndex: Int { sorted.count }
  subscript(position: Int) -> BoundAttribute { sorted[position] }
}
