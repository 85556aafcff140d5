import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A parsed XML element: name (without namespace prefix), text, and children in document order.
///
/// AWS responses are small and shallow; the tree is built without recursion and capped at
/// `maximumDepth`, so a hostile or broken body cannot exhaust the stack.
struct XMLTree: Sendable, Hashable {
  static let maximumDepth = 64

  var name: String
  /// Concatenated character data directly inside this element, untrimmed.
  var text: String = ""
  var children: [XMLTree] = []

  /// The first child called `name`.
  func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

  /// All children called `name`.
  func children(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

  /// Follows a path of child names: `tree["instanceState", "name"]`.
  subscript(_ path: String...) -> XMLTree? {
    var node: XMLTree? = self
    for name in path { node = node?.child(name) }
    return node
  }

  /// Trimmed text of the child at `path`, nil when absent.
  func string(_ path: String...) -> String? {
    var node: XMLTree? = self
    for name in path { node = node?.child(name) }
    return node.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
  }

  /// The first element called `name` anywhere below (breadth first), including `self`.
  func first(named name: String) -> XMLTree? {
    var queue: [XMLTree] = [self]
    var index = 0
    while index < queue.count {
      if queue[index].name == name { return queue[index] }
      queue += queue[index].children
      index += 1
    }
    return nil
  }

  /// The `item` (EC2) or `member` (Auto Scaling) entries of a list element.
  var items: [XMLTree] { children.filter { $0.name == "item" || $0.name == "member" } }

  /// Parses `bytes`; nil when it is not well-formed XML (an HTML error page, say) or nests too deep.
  static func parse(_ bytes: [UInt8]) -> XMLTree? {
    let builder = XMLTreeBuilder()
    let parser = XMLParser(data: Data(bytes))
    parser.shouldProcessNamespaces = false
    parser.delegate = builder
    guard parser.parse(), !builder.failed, let root = builder.root else { return nil }
    return root
  }
}

/// Collects `XMLParser` events into an `XMLTree` with an explicit stack.
private final class XMLTreeBuilder: NSObject, XMLParserDelegate {
  var stack: [XMLTree] = []
  var root: XMLTree?
  var failed = false

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    guard stack.count < XMLTree.maximumDepth else {
      failed = true
      parser.abortParsing()
      return
    }
    let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
    stack.append(XMLTree(name: local))
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    guard !stack.isEmpty else { return }
    stack[stack.count - 1].text += string
  }

  func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
    guard !stack.isEmpty else { return }
    stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
  }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    guard let finished = stack.popLast() else { return }
    if stack.isEmpty {
      root = finished
    } else {
      stack[stack.count - 1].children.append(finished)
    }
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) { failed = true }
}
