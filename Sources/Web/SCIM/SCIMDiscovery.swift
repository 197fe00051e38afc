import Foundation

/// SCIM's discovery documents (RFC 7643 §5–7, RFC 7644 §4): what this server supports, its two
/// resource types, and the schemas of the attributes it keeps.
enum SCIMDiscovery {
    static func config(_ base: String) -> [String: Any] {
        [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "documentationUri": "https://github.com/attest/attest#scim",
            "patch": ["supported": true], "bulk": ["supported": false, "maxOperations": 0, "maxPayloadSize": 0],
            "filter": ["supported": true, "maxResults": SCIMRoutes.mostPerPage], "changePassword": ["supported": false],
            "sort": ["supported": false], "etag": ["supported": true],
            "authenticationSchemes": [
                [
                    "type": "oauthbearertoken", "name": "SCIM token", "primary": true,
                    "description": "The organisation's SCIM token (attest scim token --org ORG) as 'Authorization: Bearer scim_…'.",
                ]
            ],
            "meta": ["resourceType": "ServiceProviderConfig", "location": "\(base)/ServiceProviderConfig"],
        ]
    }

    static func resourceTypes(_ base: String) -> [String: Any] {
        let types: [[String: Any]] = [
            [
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "User", "name": "User", "endpoint": "/Users",
                "description": "A person on the workforce roster", "schema": SCIMDocuments.userSchema,
                "schemaExtensions": [["schema": SCIMDocuments.enterprise, "required": false]],
                "meta": ["resourceType": "ResourceType", "location": "\(base)/ResourceTypes/User"],
            ],
            [
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "Group", "name": "Group", "endpoint": "/Groups",
                "description": "A group of people on the roster", "schema": SCIMDocuments.groupSchema,
                "meta": ["resourceType": "ResourceType", "location": "\(base)/ResourceTypes/Group"],
            ],
        ]
        return ["schemas": [SCIMDocuments.listSchema], "totalResults": types.count, "startIndex": 1, "itemsPerPage": types.count, "Resources": types]
    }

    static func attribute(
        _ name: String, type: String = "string", required: Bool = false, multiValued: Bool = false, uniqueness: String = "none",
        mutability: String = "readWrite", caseExact: Bool = false, sub: [[String: Any]]? = nil
    ) -> [String: Any] {
        var attribute: [String: Any] = [
            "name": name, "type": type, "multiValued": multiValued, "required": required, "caseExact": caseExact, "mutability": mutability,
            "returned": "default", "uniqueness": uniqueness, "description": name,
        ]
        if let sub { attribute["subAttributes"] = sub }
        return attribute
    }

    static func schemas() -> [String: Any] {
        let user: [String: Any] = [
            "id": SCIMDocuments.userSchema, "name": "User", "description": "A person on the workforce roster",
            "attributes": [
                attribute("userName", required: true, uniqueness: "server"), attribute("externalId"),
                attribute("name", type: "complex", sub: [attribute("formatted"), attribute("givenName"), attribute("familyName")]),
                attribute("displayName"), attribute("title"), attribute("userType"), attribute("active", type: "boolean"),
                attribute(
                    "emails", type: "complex", multiValued: true, sub: [attribute("value"), attribute("type"), attribute("primary", type: "boolean")]),
            ],
            "meta": ["resourceType": "Schema"],
        ]
        let enterprise: [String: Any] = [
            "id": SCIMDocuments.enterprise, "name": "EnterpriseUser", "description": "The person's department and manager",
            "attributes": [
                attribute("department"), attribute("manager", type: "complex", sub: [attribute("value"), attribute("$ref", type: "reference")]),
            ],
            "meta": ["resourceType": "Schema"],
        ]
        let group: [String: Any] = [
            "id": SCIMDocuments.groupSchema, "name": "Group", "description": "A group of people on the roster",
            "attributes": [
                attribute("displayName", required: true, uniqueness: "server"), attribute("externalId"),
                attribute(
                    "members", type: "complex", multiValued: true,
                    sub: [attribute("value"), attribute("$ref", type: "reference"), attribute("type"), attribute("display", mutability: "readOnly")]),
            ],
            "meta": ["resourceType": "Schema"],
        ]
        return [
            "schemas": [SCIMDocuments.listSchema], "totalResults": 3, "startIndex": 1, "itemsPerPage": 3, "Resources": [user, enterprise, group],
        ]
    }
}
