import ComplianceCore
import Foundation
import UseCases

/// SCIM 2.0 documents (RFC 7643) as Attest reads and writes them: a person as a User with the
/// enterprise extension, a group as a Group, and PATCH operations (RFC 7644 §3.5.2) applied to the
/// document itself, so that one reading of a document serves POST, PUT and PATCH alike.
enum SCIMDocuments {
    static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    static let listSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    static let errorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

    static func time(_ date: Date?) -> String { Timestamp.rfc3339(date ?? Date(timeIntervalSince1970: 0)) }

    static func user(_ person: Person, base: String, ids: [String: UUID]) -> [String: Any] {
        let names = person.name.split(separator: " ", maxSplits: 1).map(String.init)
        var extensionFields: [String: Any] = ["department": person.department]
        if let manager = person.manager, let id = ids[manager] {
            extensionFields["manager"] = ["value": id.uuidString.lowercased(), "$ref": "\(base)/Users/\(id.uuidString.lowercased())"]
        }
        var document: [String: Any] = [
            "schemas": [userSchema, enterprise], "id": person.id.uuidString.lowercased(), "userName": person.email,
            "name": ["formatted": person.name, "givenName": names.first ?? "", "familyName": names.count > 1 ? names[1] : ""],
            "displayName": person.name, "emails": [["value": person.email, "type": "work", "primary": true]], "active": person.deactivatedAt == nil,
            "title": person.title, "userType": person.kind.rawValue, enterprise: extensionFields,
            "meta": [
                "resourceType": "User", "created": time(person.updatedAt), "lastModified": time(person.updatedAt),
                "location": "\(base)/Users/\(person.id.uuidString.lowercased())", "version": SCIMWorkflow.version(person),
            ],
        ]
        if let external = person.externalID { document["externalId"] = external }
        return document
    }

    /// The attributes a filter may test, lower-cased.
    static func filterable(_ person: Person) -> [String: [String]] {
        [
            "username": [person.email], "emails.value": [person.email], "emails.type": ["work"], "externalid": [person.externalID ?? ""],
            "displayname": [person.name], "name.formatted": [person.name], "active": [person.deactivatedAt == nil ? "true" : "false"],
            "title": [person.title], "usertype": [person.kind.rawValue], "id": [person.id.uuidString.lowercased()],
            "meta.lastmodified": [time(person.updatedAt)], "\(enterprise.lowercased()):department": [person.department],
        ]
    }

    /// Reads a User document; an unknown schema, a missing userName or a wrong type is a 400 naming it.
    static func userFields(_ document: [String: Any]) throws(SCIMError) -> SCIMWorkflow.UserFields {
        let schemas = document["schemas"] as? [String] ?? []
        guard schemas.contains(userSchema) else { throw .invalidSyntax("schemas must include \(userSchema).") }
        if let unknown = schemas.first(where: { $0 != userSchema && $0 != enterprise }) {
            throw .invalidSyntax("schema \(unknown.prefix(100)) is not one Attest supports (\(userSchema), \(enterprise)).")
        }
        guard let userName = document["userName"] as? String, !userName.isEmpty else { throw .invalidValue("userName is required.") }
        let name = document["name"] as? [String: Any]
        let given = [name?["givenName"] as? String, name?["familyName"] as? String].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let formatted = (name?["formatted"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let display = (document["displayName"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let active: Bool
        switch document["active"] {
        case nil, is NSNull: active = true
        case let value as Bool: active = value
        case let text as String where ["true", "false"].contains(text.lowercased()): active = text.lowercased() == "true"
        default: throw .invalidValue("active is true or false.")
        }
        for field in ["title", "userType", "externalId", "displayName"] where document[field] != nil && !(document[field] is String) {
            throw .invalidValue("\(field) is a string.")
        }
        let extensionFields = document[enterprise] as? [String: Any]
        var managerID: UUID?
        if let manager = extensionFields?["manager"] as? [String: Any], let value = manager["value"] as? String, !value.isEmpty {
            guard let id = UUID(uuidString: value) else { throw .invalidValue("manager.value '\(value.prefix(60))' is not a user id.") }
            managerID = id
        }
        let type = (document["userType"] as? String ?? "").lowercased().replacingOccurrences(of: " ", with: "_")
        return SCIMWorkflow.UserFields(
            userName: userName, externalID: document["externalId"] as? String,
            name: formatted ?? (given.isEmpty ? nil : given) ?? display ?? userName,
            active: active, title: document["title"] as? String ?? "", department: extensionFields?["department"] as? String ?? "",
            kind: Person.Kind(rawValue: type) ?? .employee, managerID: managerID)
    }

    static func group(_ group: SCIMGroup, base: String, names: [UUID: String]) -> [String: Any] {
        var document: [String: Any] = [
            "schemas": [groupSchema], "id": group.id.uuidString.lowercased(), "displayName": group.displayName,
            "members": group.members.map {
                ["value": $0.uuidString.lowercased(), "display": names[$0] ?? "", "$ref": "\(base)/Users/\($0.uuidString.lowercased())"]
            },
            "meta": [
                "resourceType": "Group", "created": time(group.createdAt), "lastModified": time(group.updatedAt),
                "location": "\(base)/Groups/\(group.id.uuidString.lowercased())",
            ],
        ]
        if let external = group.externalID { document["externalId"] = external }
        return document
    }

    static func groupFields(_ document: [String: Any]) throws(SCIMError) -> (name: String, externalID: String?, members: [UUID]) {
        let schemas = document["schemas"] as? [String] ?? []
        guard schemas == [groupSchema] else { throw .invalidSyntax("schemas must be [\(groupSchema)].") }
        guard let name = document["displayName"] as? String else { throw .invalidValue("displayName is required.") }
        var members: [UUID] = []
        for member in document["members"] as? [Any] ?? [] {
            guard let value = (member as? [String: Any])?["value"] as? String, let id = UUID(uuidString: value) else {
                throw .invalidValue("each member is {\"value\": a user id}.")
            }
            members.append(id)
        }
        return (name, document["externalId"] as? String, members)
    }

    // MARK: PATCH

    static let userPaths: Set<String> = [
        "username", "externalid", "name", "name.givenname", "name.familyname", "name.formatted", "displayname", "active", "title", "usertype",
        "emails", "emails.value", "\(enterprise.lowercased()):department", "\(enterprise.lowercased()):manager", "\(enterprise.lowercased())",
    ]
    static let groupPaths: Set<String> = ["displayname", "externalid", "members"]

    /// Applies a PatchOp body to `document`; a path outside `allowed`, an unknown op or a value of
    /// the wrong shape is a 400, and nothing is applied unless every operation is.
    static func patch(_ document: [String: Any], with body: [String: Any], allowed: Set<String>) throws(SCIMError) -> [String: Any] {
        guard (body["schemas"] as? [String]) == [patchSchema] else { throw .invalidSyntax("schemas must be [\(patchSchema)].") }
        guard let operations = body["Operations"] as? [Any], !operations.isEmpty, operations.count <= 1_000 else {
            throw .invalidSyntax("Operations must hold 1 to 1000 operations.")
        }
        var document = document
        for (index, raw) in operations.enumerated() {
            guard let operation = raw as? [String: Any], let op = (operation["op"] as? String)?.lowercased(),
                ["add", "replace", "remove"].contains(op)
            else { throw .invalidSyntax("operation \(index + 1): op is add, replace or remove.") }
            let value = operation["value"]
            guard let path = operation["path"] as? String, !path.isEmpty else {
                guard op != "remove", let object = value as? [String: Any] else {
                    throw .invalidPath("operation \(index + 1): without a path, the value must be an object of attributes to \(op).")
                }
                for (key, item) in object {
                    try set(&document, path: key, value: item, op: op, allowed: allowed, index: index)
                }
                continue
            }
            if op == "remove" {
                try remove(&document, path: path, allowed: allowed, index: index)
            } else {
                guard let value else { throw .invalidValue("operation \(index + 1): \(op) needs a value.") }
                try set(&document, path: path, value: value, op: op, allowed: allowed, index: index)
            }
        }
        return document
    }

    /// `attr`, `attr.sub`, `urn:…:attr`, or `attr[filter].sub` (the filter picks the elements of a multi-valued attribute).
    static func split(_ path: String) -> (attribute: String, filter: String?, sub: String?) {
        var rest = path
        var filter: String?
        if let open = path.firstIndex(of: "["), let close = path.lastIndex(of: "]"), open < close {
            filter = String(path[path.index(after: open)..<close])
            rest = String(path[..<open]) + String(path[path.index(after: close)...])
        }
        let lower = rest.lowercased()
        if lower.hasPrefix(enterprise.lowercased() + ":") { return (enterprise + ":" + rest.dropFirst(enterprise.count + 1), filter, nil) }
        let parts = rest.split(separator: ".", maxSplits: 1).map(String.init)
        return (parts.first ?? "", filter, parts.count > 1 ? parts[1] : nil)
    }

    static func key(_ document: [String: Any], _ name: String) -> String {
        document.keys.first { $0.lowercased() == name.lowercased() } ?? name
    }

    static func check(_ path: String, allowed: Set<String>, index: Int) throws(SCIMError) {
        let (attribute, _, sub) = split(path)
        let normalised = (sub.map { "\(attribute).\($0)" } ?? attribute).lowercased()
        guard allowed.contains(normalised) || allowed.contains(attribute.lowercased()) && sub == nil else {
            throw .invalidPath("operation \(index + 1): '\(path.prefix(80))' is not an attribute Attest keeps.")
        }
    }

    /// The enterprise extension's attribute a path names (`urn:…:enterprise:2.0:User:department` is `department`).
    static func enterpriseAttribute(_ attribute: String) -> String? {
        attribute.lowercased().hasPrefix(enterprise.lowercased() + ":") ? String(attribute.dropFirst(enterprise.count + 1)) : nil
    }

    /// The filter in a value path (`emails[type eq "work"]`), a bad one named as the operation's path.
    static func valueFilter(_ filter: String, index: Int) throws(SCIMError) -> SCIMFilter {
        do { return try SCIMFilter.parse(filter) } catch { throw .invalidPath("operation \(index + 1): \(error.detail)") }
    }

    /// Whether an element of a multi-valued attribute matches a value path's filter.
    static func matches(_ condition: SCIMFilter, _ element: [String: Any]) -> Bool {
        condition.matches(element.mapValues { ["\($0)"] }.lowercasedKeys)
    }

    static func set(_ document: inout [String: Any], path: String, value: Any, op: String, allowed: Set<String>, index: Int) throws(SCIMError) {
        try check(path, allowed: allowed, index: index)
        let (attribute, filter, sub) = split(path)
        if let field = enterpriseAttribute(attribute) {
            var fields = document[enterprise] as? [String: Any] ?? [:]
            fields[field] = value
            document[enterprise] = fields
            return
        }
        if attribute.lowercased() == enterprise.lowercased(), let object = value as? [String: Any] {
            var fields = document[enterprise] as? [String: Any] ?? [:]
            fields.merge(object) { _, new in new }
            document[enterprise] = fields
            return
        }
        let name = key(document, attribute)
        if let filter {
            let condition = try valueFilter(filter, index: index)
            var items = document[name] as? [[String: Any]] ?? []
            for position in items.indices where matches(condition, items[position]) {
                if let sub { items[position][sub] = value }
            }
            document[name] = items
        } else if let sub {
            var object = document[name] as? [String: Any] ?? [:]
            object[sub] = value
            document[name] = object
        } else if op == "add", var list = document[name] as? [Any] {
            list += (value as? [Any]) ?? [value]
            document[name] = list
        } else {
            document[name] = value
        }
    }

    static func remove(_ document: inout [String: Any], path: String, allowed: Set<String>, index: Int) throws(SCIMError) {
        try check(path, allowed: allowed, index: index)
        let (attribute, filter, sub) = split(path)
        if let field = enterpriseAttribute(attribute) {
            var fields = document[enterprise] as? [String: Any] ?? [:]
            fields[field] = nil
            document[enterprise] = fields
            return
        }
        let name = key(document, attribute)
        if let filter {
            let condition = try valueFilter(filter, index: index)
            let items = document[name] as? [[String: Any]] ?? []
            document[name] = items.filter { !matches(condition, $0) }
        } else if let sub {
            var object = document[name] as? [String: Any] ?? [:]
            object[sub] = nil
            document[name] = object
        } else {
            document[name] = nil
        }
    }
}

extension Dictionary where Key == String {
    fileprivate var lowercasedKeys: [String: Value] { Dictionary(map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }) }
}
