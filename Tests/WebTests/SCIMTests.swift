import ComplianceCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Persistence
import TestSupport
import Testing
import UseCases

@Suite("SCIM 2.0 provisioning")
struct SCIMTests {
    struct Client {
        let web: WebHarness
        let token: String
        let base: String

        func send(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, ifMatch: String? = nil, token: String? = nil) async throws
            -> (status: Int, json: [String: Any], etag: String?)
        {
            var headers: HTTPFields = [.authorization: "Bearer \(token ?? self.token)"]
            if json != nil { headers[.contentType] = "application/scim+json" }
            if let ifMatch { headers[.ifMatch] = ifMatch }
            let response = try await web.client.execute(uri: base + path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
            let object = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
            return (Int(response.status.code), object, response.headers[.eTag])
        }
    }

    static func user(_ email: String, name: String = "Jo Doe", active: Bool = true, extra: String = "") -> String {
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(email)","name":{"givenName":"\#(name.split(separator: " ")[0])","familyName":"\#(name.split(separator: " ")[1])"},"active":\#(active)\#(extra)}"#
    }

    static func patch(_ operations: String) -> String {
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[\#(operations)]}"#
    }

    @Test(arguments: TestDatabase.available)
    func usersAreCreatedFilteredPatchedAndDeactivatedEndingTheirAccess(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme", owner: "owner@acme.example")
            let operatorScope = try await web.store.organizations.operatorScope(slug: "acme", operatorName: "test")
            let scim = Workflows(intake: web.evidence).scim
            let (_, secret) = try await scim.createToken(in: operatorScope)
            let client = Client(web: web, token: secret, base: "/scim/v2/acme")

            let config = try await client.send(.get, "/ServiceProviderConfig")
            #expect(config.status == 200 && (config.json["patch"] as? [String: Any])?["supported"] as? Bool == true)
            #expect((try await client.send(.get, "/ResourceTypes")).json["totalResults"] as? Int == 2)
            #expect((try await client.send(.get, "/Schemas")).json["totalResults"] as? Int == 3)

            // The owner is also an Attest user with an API token and a session: deactivation ends both.
            let apiToken = try await web.fixtures.token(for: owner)
            _ = try await web.store.sessions.start(userID: owner.id, authenticated: true)
            let created = try await client.send(
                .post, "/Users",
                Self.user(
                    "Owner@Acme.example", name: "Olive Owner",
                    extra: #","title":"CEO","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Exec"}"#))
            #expect(created.status == 201, "\(created.json)")
            let ownerID = try #require(created.json["id"] as? String)
            #expect(created.json["userName"] as? String == "owner@acme.example" && created.etag != nil)
            let second = try await client.send(.post, "/Users", Self.user("dev@acme.example", name: "Dev Person"))
            let devID = try #require(second.json["id"] as? String)
            #expect(try await client.send(.post, "/Users", Self.user("dev@acme.example")).status == 409, "userName is unique")

            // Filtering and paging.
            let found = try await client.send(
                .get, "/Users?filter=" + #"userName eq "DEV@acme.example""#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(found.json["totalResults"] as? Int == 1 && (found.json["Resources"] as? [[String: Any]])?.first?["id"] as? String == devID)
            let paged = try await client.send(.get, "/Users?startIndex=2&count=1")
            #expect(paged.json["totalResults"] as? Int == 2 && paged.json["itemsPerPage"] as? Int == 1 && paged.json["startIndex"] as? Int == 2)

            // PATCH with a path, a value path, and the enterprise manager; a stale version is refused.
            let patched = try await client.send(
                .patch, "/Users/\(devID)",
                Self.patch(
                    #"{"op":"replace","path":"title","value":"Engineer"},{"op":"Replace","path":"emails[type eq \"work\"].value","value":"dev@acme.example"},{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"\#(ownerID)"}}"#
                ), ifMatch: second.etag)
            #expect(patched.status == 200 && patched.json["title"] as? String == "Engineer", "\(patched.json)")
            let stale = try await client.send(
                .patch, "/Users/\(devID)", Self.patch(#"{"op":"replace","path":"title","value":"x"}"#), ifMatch: second.etag)
            #expect(stale.status == 412)
            let people = Workflows(intake: web.evidence).people
            let scope = try await web.fixtures.scope("acme", as: owner)
            #expect(try await people.person("dev@acme.example", in: scope).manager == "owner@acme.example")

            // Deactivating the owner: last day today, sessions and tokens ended.
            let deactivated = try await client.send(.patch, "/Users/\(ownerID)", Self.patch(#"{"op":"replace","value":{"active":false}}"#))
            #expect(deactivated.status == 200 && deactivated.json["active"] as? Bool == false)
            #expect(try await web.api(.get, "/api/v1/orgs/acme", token: apiToken).status == .unauthorized, "the API token is revoked")
            #expect(try await web.store.tokens.tokens(of: owner.id).allSatisfy { $0.revokedAt != nil })
            #expect(try await people.person("owner@acme.example", in: operatorScope).endDate == Day(Date()))
            // A later roster import updates the HR columns and keeps what the identity provider set.
            let roster =
                "email,name,start_date,end_date,manager,department,title,type\nowner@acme.example,Olive Owner,2020-01-01,,,Exec,Chief Executive,employee\n"
            _ = try await people.importRoster(Array(roster.utf8), file: "roster.csv", in: operatorScope)
            let reimported = try await people.person("owner@acme.example", in: operatorScope)
            #expect(reimported.title == "Chief Executive" && reimported.deactivatedAt != nil, "the deactivation survives the import")

            // DELETE hides the user from SCIM but keeps the roster row for the reconciliation.
            #expect(try await client.send(.delete, "/Users/\(devID)").status == 204)
            #expect(try await client.send(.get, "/Users/\(devID)").status == 404)
            #expect(try await people.person("dev@acme.example", in: operatorScope).deactivatedAt != nil)

            // Groups.
            let group = try await client.send(
                .post, "/Groups",
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Engineering","members":[{"value":"\#(ownerID)"}]}"#)
            #expect(group.status == 201, "\(group.json)")
            let groupID = try #require(group.json["id"] as? String)
            let emptied = try await client.send(
                .patch, "/Groups/\(groupID)", Self.patch(#"{"op":"remove","path":"members[value eq \"\#(ownerID)\"]"}"#))
            #expect((emptied.json["members"] as? [Any])?.isEmpty == true, "\(emptied.json)")
            #expect(try await client.send(.delete, "/Groups/\(groupID)").status == 204)
        }
    }

    @Test func badBodiesFiltersPathsAndTokensAreRefusedAsSCIMErrors() async throws {
        try await WebHarness.run(.sqlite) { web in
            _ = try await web.fixtures.organization("acme")
            _ = try await web.fixtures.organization("rival")
            let scim = Workflows(intake: web.evidence).scim
            let (_, secret) = try await scim.createToken(in: try await web.store.organizations.operatorScope(slug: "acme", operatorName: "test"))
            let (_, rivalSecret) = try await scim.createToken(
                in: try await web.store.organizations.operatorScope(slug: "rival", operatorName: "test"))
            let client = Client(web: web, token: secret, base: "/scim/v2/acme")
            let created = try await client.send(.post, "/Users", Self.user("jo@acme.example"))
            let id = try #require(created.json["id"] as? String)

            let cases: [(HTTPRequest.Method, String, String?, Int, String?)] = [
                (.post, "/Users", #"{"schemas":["urn:example:custom:2.0:User"],"userName":"a@acme.example"}"#, 400, "invalidSyntax"),
                (
                    .post, "/Users", #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:example:extra"],"userName":"a@acme.example"}"#,
                    400,
                    "invalidSyntax"
                ),
                (.post, "/Users", #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"not-an-email"}"#, 400, "invalidValue"),
                (.post, "/Users", "[1,2", 400, "invalidSyntax"),
                (.get, "/Users?filter=userName%20eq", nil, 400, "invalidFilter"),
                (.get, "/Users?filter=userName%20like%20%22x%22", nil, 400, "invalidFilter"),
                (.get, "/Users?filter=(userName%20eq%20%22x%22", nil, 400, "invalidFilter"),
                (.patch, "/Users/\(id)", Self.patch(#"{"op":"replace","path":"password","value":"x"}"#), 400, "invalidPath"),
                (.patch, "/Users/\(id)", Self.patch(#"{"op":"move","path":"title","value":"x"}"#), 400, "invalidSyntax"),
                (.patch, "/Users/\(id)", #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}"#, 400, "invalidSyntax"),
                (.patch, "/Users/\(id)", Self.patch(#"{"op":"replace","path":"active","value":"maybe"}"#), 400, "invalidValue"),
                (.get, "/Users/not-a-uuid", nil, 404, nil),
            ]
            for (method, path, body, status, type) in cases {
                let answer = try await client.send(method, path, body)
                #expect(answer.status == status, "\(method) \(path) \(body ?? ""): \(answer.json)")
                #expect(answer.json["scimType"] as? String == type, "\(path): \(answer.json)")
                #expect((answer.json["schemas"] as? [String]) == ["urn:ietf:params:scim:api:messages:2.0:Error"])
            }
            // Another organisation's token: that organisation's users are not found, nothing is told.
            #expect(try await client.send(.get, "/Users/\(id)", token: rivalSecret).status == 404)
            #expect(try await client.send(.get, "/Users", token: "scim_nonsense").status == 404)
            #expect(try await client.send(.get, "/Users", token: "an-api-token").status == 404)
            // A person's API token is not a SCIM token.
            let (_, owner) = try await web.fixtures.organization("third")
            #expect(try await client.send(.get, "/Users", token: try await web.fixtures.token(for: owner)).status == 404)
            #expect(try await client.send(.get, "/Users/\(id)").json["title"] as? String == "", "nothing half written")
        }
    }

    @Test func theFilterGrammar() throws {
        let resource: [String: [String]] = ["username": ["jo@acme.example"], "active": ["true"], "title": ["Engineer"], "emails.type": ["work"]]
        for (text, expected) in [
            (#"userName eq "JO@acme.example""#, true), (#"userName sw "jo" and active eq true"#, true), (#"title co "gin" or userName eq "x""#, true),
            (#"not (active eq true)"#, false), (#"emails[type eq "work"]"#, true), (#"title pr and (userName ew ".example")"#, true),
            (#"userName ne "jo@acme.example""#, false), (#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "jo@acme.example""#, true),
        ] {
            #expect(try SCIMFilter.parse(text).matches(resource) == expected, "\(text)")
        }
        #expect(throws: SCIMError.self) { try SCIMFilter.parse(String(repeating: "(", count: 30) + #"a eq "b""# + String(repeating: ")", count: 30)) }
        #expect(throws: SCIMError.self) { try SCIMFilter.parse(String(repeating: "a", count: 1_001)) }
        #expect(throws: SCIMError.self) { try SCIMFilter.parse(#"userName eq "open"#) }
    }
}
