import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML answer read into a small tree. AWS's query and S3 APIs answer in XML; the tree is built
/// from an answer already capped in size, with external entities left unresolved.
public struct XMLTree: Sendable {
    public let name: String
    public let text: String
    public let children: [XMLTree]

    /// The first child of that name.
    public func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// The text of the first child of that name.
    public func value(_ name: String) -> String? { child(name)?.text }

    /// Follows a path of child names: `"ListUsersResult/Users"`.
    public func at(_ path: String) -> XMLTree? {
        var node: XMLTree? = self
        for part in path.split(separator: "/") { node = node?.child(String(part)) }
        return node
    }

    /// The items of a list element (`<member>` in IAM and RDS, `<item>` in EC2, or any repeated child).
    public func items(_ path: String) -> [XMLTree] { at(path)?.children ?? [] }

    /// The first element of that name anywhere below, depth first.
    public func first(_ name: String) -> XMLTree? {
        for child in children {
            if child.name == name { return child }
            if let found = child.first(name) { return found }
        }
        return nil
    }

    public var bool: Bool { text.lowercased() == "true" }

    public static func parse(_ bytes: [UInt8]) throws(XMLFailure) -> XMLTree {
        let builder = Builder()
        let parser = XMLParser(data: Data(bytes))
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            throw XMLFailure(reason: parser.parserError.map { "\($0.localizedDescription) at line \(parser.lineNumber)" } ?? "no root element")
        }
        return root
    }

    final class Builder: NSObject, XMLParserDelegate {
        var stack: [(name: String, text: String, children: [XMLTree])] = []
        var root: XMLTree?

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            // Deeper than any AWS answer: a hostile document gets no further.
            if stack.count > 64 { parser.abortParsing() }
            stack.append((name, "", []))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard let top = stack.popLast() else { return }
            let node = XMLTree(name: top.name, text: top.text.trimmingCharacters(in: .whitespacesAndNewlines), children: top.children)
            if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
        }
    }
}

public struct XMLFailure: Error, Sendable {
    public let reason: String
}
