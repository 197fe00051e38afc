import ComplianceCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing
import ZIPFoundation

@Suite("Fieldwork: independence, populations and samples")
struct FieldworkAPITests {
    struct World {
        let web: WebHarness
        let owner: String
        let alex: String
        let bob: String
        let engagement: String
        let base: String
    }

    /// acme (client) with an engagement audited by `assure`; alex audits for assure, bob for `other`;
    /// both firms hold a grant to acme, only assure is on the engagement.
    static func world(_ web: WebHarness) async throws -> World {
        let (_, owner) = try await web.fixtures.organization("acme")
        try await web.fixtures.organization("assure", kind: .auditFirm)
        try await web.fixtures.organization("other", kind: .auditFirm)
        let alex = try await web.fixtures.user("alex@assure.example", in: "assure", role: .member)
        let bob = try await web.fixtures.user("bob@other.example", in: "other", role: .member)
        let acme = try await web.store.organizations.operatorScope(slug: "acme")
        for (email, firm) in [("alex@assure.example", "assure"), ("bob@other.example", "other")] {
            _ = try await web.store.memberships.grant(
                auditor: try EmailAddress(email), of: try Slug(firm), until: Date().addingTimeInterval(86_400 * 90), in: acme)
        }
        let ownerToken = try await web.fixtures.token(for: owner)
        let created = try await web.api(.post, "/api/v1/orgs/acme/engagements", token: ownerToken, json: ProgrammeAPITests.engagementJSON)
        let id = try #require((created.json["engagement"] as? [String: Any])?["id"] as? String)
        #expect(
            try await web.api(.post, "/api/v1/orgs/acme/engagements/\(id)/audit-firm", token: ownerToken, json: #"{"audit_firm":"assure"}"#).status
                == .ok)
        #expect(try await web.api(.post, "/api/v1/orgs/acme/controls/adopt", token: ownerToken, json: #"{"ids":["CHG-01","GOV-01"]}"#).status == .ok)
        return World(
            web: web, owner: ownerToken, alex: try await web.fixtures.token(for: alex), bob: try await web.fixtures.token(for: bob),
            engagement: id, base: "/api/v1/orgs/acme/engagements/\(id)")
    }

    func upload(_ world: World, _ name: String, _ text: String) async throws -> String {
        var form = Multipart()
        form.field("title", name)
        form.fileName = name
        form.fileBytes = Array(text.utf8)
        let response = try await world.web.upload(form, token: world.owner)
        return try #require((response.json["evidence"] as? [String: Any])?["id"] as? String, "\(response.text)")
    }

    static let changes =
        "change_id,merged_at,author,approver\n"
        + (1...300).map { "CHG-\($0),2026-02-\(String(format: "%02d", 1 + $0 % 28)),erin,adam" }.joined(separator: "\n") + "\n"

    @Test(arguments: TestDatabase.available)
    func theAuditFirmFreezesAndSamplesBehindTheWall(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let world = try await Self.world(web)
            let good = try await upload(world, "changes.csv", Self.changes)
            let freeze =
                #"{"name":"Production changes","evidence_id":"\#(good)","source_system":"GitHub","extraction_query":"merged PRs to main, 2026-01-01..2026-06-30","completeness_procedure":"Compared the count with the GitHub API total for the period."}"#

            // Another firm's auditor reaches acme (it holds a grant) but not this engagement.
            #expect(try await web.api(.get, "\(world.base)/populations", token: world.bob).status == .notFound)
            #expect(
                try await web.api(
                    .post, "\(world.base)/independence", token: world.bob, json: #"{"statement":"I am independent of Acme and its management."}"#
                ).status == .notFound)
            // Fieldwork waits for independence; the client cannot confirm it or do the auditor's work.
            let early = try await web.api(.post, "\(world.base)/populations", token: world.alex, json: freeze)
            #expect(early.status == .conflict && early.errorCode == "independence_required")
            #expect(
                try await web.api(
                    .post, "\(world.base)/independence", token: world.owner, json: #"{"statement":"I am independent of Acme and its management."}"#
                ).status == .forbidden)
            #expect(try await web.api(.post, "\(world.base)/independence", token: world.alex, json: #"{"statement":"short"}"#).status == .badRequest)
            #expect(
                try await web.api(
                    .post, "\(world.base)/independence", token: world.alex, json: #"{"statement":"I am independent of Acme and its management."}"#
                ).status == .created)
            #expect(try await web.api(.post, "\(world.base)/populations", token: world.owner, json: freeze).status == .forbidden)

            let frozen = try await web.api(.post, "\(world.base)/populations", token: world.alex, json: freeze)
            #expect(frozen.status == .created, "\(frozen.text)")
            let population = try #require(frozen.json["population"] as? [String: Any])
            let scan = try #require(population["scan"] as? [String: Any])
            #expect(scan["rows"] as? Int == 300 && (scan["columns"] as? [String]) == ["change_id", "merged_at", "author", "approver"])
            #expect(population["version"] as? Int == 1 && population["frozen_by"] as? String == "alex@assure.example")
            let again = try await web.api(.post, "\(world.base)/populations", token: world.alex, json: freeze)
            #expect((again.json["population"] as? [String: Any])?["version"] as? Int == 2, "a replacement is a new version")

            let ragged = try await upload(world, "ragged.csv", "id,owner\n1,a\n2\n3,\"open\n")
            let refused = try await web.api(
                .post, "\(world.base)/populations", token: world.alex,
                json: freeze.replacingOccurrences(of: good, with: ragged))
            #expect(
                refused.status == .unprocessableContent && refused.text.contains("line 3: 1 field") && refused.text.contains("line 4: a quoted field")
            )
            let dupes = try await upload(world, "dupes.csv", "id,owner\nA,x\nB,y\nA,z\n")
            let keyed = try await web.api(
                .post, "\(world.base)/populations", token: world.alex,
                json: freeze.replacingOccurrences(of: good, with: dupes).replacingOccurrences(of: "}", with: #","key_column":"id"}"#))
            #expect(keyed.status == .unprocessableContent && keyed.text.contains("line 4: duplicate id 'A' (first on line 2)"))

            let populationID = try #require(population["id"] as? String)
            let drawBody = #"{"population_id":"\#(populationID)","control":"CHG-01","risk":"high","seed":42}"#
            #expect(
                try await web.api(.post, "\(world.base)/samples", token: world.owner, json: drawBody).status == .forbidden,
                "the client never changes auditor work")
            let drawn = try await web.api(.post, "\(world.base)/samples", token: world.alex, json: drawBody)
            #expect(drawn.status == .created, "\(drawn.text)")
            let sample = try #require(drawn.json["sample"] as? [String: Any])
            let draw = try #require(sample["draw"] as? [String: Any])
            #expect(draw["sample_size"] as? Int == 40 && draw["seed"] as? Int == 42 && draw["population_rows"] as? Int == 300)
            let selected = draw["selected"] as? [Int] ?? []
            #expect(selected == (try Sampler.select(rows: 300, size: 40, method: .random, seed: 42)), "the same rows attest sample gives")
            #expect(draw["population_sha256"] as? String == scan["sha256"] as? String)

            let tooBig = try await web.api(
                .post, "\(world.base)/samples", token: world.alex,
                json: #"{"population_id":"\#(populationID)","control":"CHG-01","seed":1,"size":301,"reason":"Testing every change twice over."}"#)
            #expect(tooBig.status == .badRequest && tooBig.text.contains("larger than the population of 300"))
            #expect(
                try await web.api(
                    .post, "\(world.base)/samples", token: world.alex, json: #"{"population_id":"\#(populationID)","control":"NOPE-1"}"#
                ).status == .unprocessableContent)

            let sampleID = try #require(sample["id"] as? String)
            let extended = try await web.api(
                .post, "\(world.base)/samples/\(sampleID)/extend", token: world.alex,
                json: #"{"count":20,"reason":"One deviation in the first 40 items."}"#)
            let after = try #require(extended.json["sample"] as? [String: Any])
            #expect((after["draw"] as? [String: Any])?["selected"] as? [Int] == selected, "the first draw never changes")
            let added = ((after["extensions"] as? [[String: Any]])?.first?["selected"] as? [Int]) ?? []
            #expect(added.count == 20 && Set(added).isDisjoint(with: selected))
            #expect(
                try await web.api(
                    .post, "\(world.base)/samples/\(sampleID)/extend", token: world.owner, json: #"{"count":5,"reason":"The client wants more."}"#
                ).status == .forbidden)

            // The client reads the auditor's work; the log has every step.
            #expect((try await web.api(.get, "\(world.base)/samples", token: world.owner).json["samples"] as? [Any])?.count == 1)
            let events = try await web.api(.get, "/api/v1/orgs/acme/events?limit=200", token: world.owner)
            let actions = (events.json["events"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("frozen") && actions.contains("drawn") && actions.contains("extended") && actions.contains("confirmed"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func anExpiredGrantReachesNothing(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let world = try await Self.world(web)
            let alex = try #require(try await web.store.users.find(email: try EmailAddress("alex@assure.example")))
            let later = Date().addingTimeInterval(86_400 * 120)
            let error = await #expect(throws: DomainError.self) { try await web.fixtures.scope("acme", as: alex, now: later) }
            #expect(error?.kind == .notFound)
            #expect(try await web.api(.get, "\(world.base)/samples", token: world.alex).status == .ok, "within the grant it works")
        }
    }

    @Test(arguments: TestDatabase.available)
    func testsExceptionsSignOffsAndConclusions(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let world = try await Self.world(web)
            let pat = try await web.fixtures.user("pat@assure.example", in: "assure", role: .owner)
            _ = try await web.store.memberships.grant(
                auditor: try EmailAddress("pat@assure.example"), of: try Slug("assure"),
                until: Date().addingTimeInterval(86_400 * 90), in: try await web.store.organizations.operatorScope(slug: "acme"))
            let patToken = try await web.fixtures.token(for: pat)
            let statement = #"{"statement":"I am independent of Acme and its management."}"#
            for token in [world.alex, patToken] {
                #expect(try await web.api(.post, "\(world.base)/independence", token: token, json: statement).status == .created)
            }
            let evidence = try await upload(world, "changes.csv", Self.changes)
            let frozen = try await web.api(
                .post, "\(world.base)/populations", token: world.alex,
                json:
                    #"{"name":"Changes","evidence_id":"\#(evidence)","source_system":"GitHub","extraction_query":"merged PRs","completeness_procedure":"Matched the count with the API."}"#
            )
            let populationID = try #require((frozen.json["population"] as? [String: Any])?["id"] as? String)
            let drawn = try await web.api(
                .post, "\(world.base)/samples", token: world.alex, json: #"{"population_id":"\#(populationID)","control":"CHG-01","seed":7}"#)
            let sample = try #require(drawn.json["sample"] as? [String: Any])
            let sampleID = try #require(sample["id"] as? String)
            let rows = ((sample["draw"] as? [String: Any])?["selected"] as? [Int]) ?? []
            #expect(rows.count == 25)

            // A walkthrough links evidence that must exist.
            let missing = try await web.api(
                .post, "\(world.base)/walkthroughs", token: world.alex,
                json:
                    #"{"control":"CHG-01","date":"2026-03-02","participants":["Erin"],"notes":"Followed PR 4412 from ticket to deploy.","evidence":["\#(UUID().uuidString)"],"design":"effective","reason":"Branch protection requires a second approver."}"#
            )
            #expect(missing.status == .conflict && missing.errorCode == "evidence_missing")
            let walked = try await web.api(
                .post, "\(world.base)/walkthroughs", token: world.alex,
                json:
                    #"{"control":"CHG-01","date":"2026-03-02","participants":["Erin","Adam"],"notes":"Followed PR 4412 from ticket to deploy.","evidence":["\#(evidence)"],"design":"effective","reason":"Branch protection requires a second approver."}"#
            )
            #expect(walked.status == .created)
            let walkthroughID = try #require((walked.json["walkthrough"] as? [String: Any])?["id"] as? String)

            // The test plan: inquiry alone is refused; the sample's rows are the items.
            let inquiry = try await web.api(
                .post, "\(world.base)/tests", token: world.alex,
                json: #"{"control":"CHG-01","sample_id":"\#(sampleID)","procedures":["inquiry"],"attributes":["approved"]}"#)
            #expect(inquiry.status == .unprocessableContent && inquiry.text.contains("inquiry alone"))
            let planned = try await web.api(
                .post, "\(world.base)/tests", token: world.alex,
                json:
                    #"{"control":"CHG-01","sample_id":"\#(sampleID)","procedures":["inspection","reperformance"],"attributes":["approved by another person","tests passed"]}"#
            )
            let testID = try #require(((planned.json["test"] as? [String: Any])?["test"] as? [String: Any])?["id"] as? String)
            let tests = "\(world.base)/tests/\(testID)"
            #expect(
                try await web.api(
                    .post, "\(tests)/results", token: world.owner, json: #"{"item":\#(rows[0]),"attribute":"tests passed","passed":true}"#
                ).status == .forbidden,
                "the client never changes a test result")
            #expect(
                try await web.api(.post, "\(tests)/results", token: world.alex, json: #"{"item":999999,"attribute":"tests passed","passed":true}"#)
                    .status == .unprocessableContent)
            #expect(
                try await web.api(
                    .post, "\(tests)/results", token: world.alex, json: #"{"item":\#(rows[0]),"attribute":"tests passed","passed":false}"#
                ).status == .unprocessableContent,
                "a failure needs a note")
            var last = TestResponse?.none
            for row in rows {
                for attribute in ["approved by another person", "tests passed"] {
                    let failed = row == rows[3] && attribute == "approved by another person"
                    last = try await web.api(
                        .post, "\(tests)/results", token: world.alex,
                        json:
                            #"{"item":\#(row),"attribute":"\#(attribute)","passed":\#(!failed),"note":"\#(failed ? "Merged by its author without review." : "")","evidence":["\#(evidence)"]}"#
                    )
                }
            }
            #expect(
                last?.json["test"].flatMap { ($0 as? [String: Any])?["conclusion"] as? String } == "incomplete",
                "a failure without an exception is not concluded")
            let withException = try await web.api(
                .post, "\(tests)/exceptions", token: world.alex,
                json:
                    #"{"description":"One change merged without a second approval.","cause":"Branch protection was off for an hour during a migration.","count":1,"evaluation":"within_tolerance"}"#
            )
            let body = try #require(withException.json["test"] as? [String: Any])
            #expect(body["conclusion"] as? String == "effective_with_exceptions")
            let exceptionID = try #require((((body["test"] as? [String: Any])?["exceptions"] as? [[String: Any]])?.first?["id"] as? String))
            let response = #"{"response":"Branch protection is now enforced by policy as code; an alert fires if it is turned off."}"#
            #expect(try await web.api(.post, "\(tests)/exceptions/\(exceptionID)/response", token: world.alex, json: response).status == .forbidden)
            let answered = try await web.api(.post, "\(tests)/exceptions/\(exceptionID)/response", token: world.owner, json: response)
            #expect(answered.status == .ok && answered.text.contains("policy as code"))

            // Sign-offs: preparer first, a different reviewer, nothing changes while signed.
            let sign = "\(world.base)/workpapers/test/\(testID)/signoffs"
            #expect(try await web.api(.post, sign, token: world.alex, json: #"{"role":"reviewer"}"#).errorCode == "preparer_first")
            #expect(try await web.api(.post, sign, token: world.owner, json: #"{"role":"preparer"}"#).status == .forbidden)
            #expect(try await web.api(.post, sign, token: world.alex, json: #"{"role":"preparer"}"#).status == .ok)
            #expect(try await web.api(.post, sign, token: world.alex, json: #"{"role":"reviewer"}"#).errorCode == "same_person")
            let reviewed = try await web.api(.post, sign, token: patToken, json: #"{"role":"reviewer"}"#)
            #expect(((reviewed.json["signoffs"] as? [String: Any])?["reviewer"] as? [String: Any])?["by"] as? String == "pat@assure.example")
            #expect(
                try await web.api(
                    .post, "\(tests)/results", token: world.alex, json: #"{"item":\#(rows[0]),"attribute":"tests passed","passed":true}"#
                ).errorCode == "signed")
            let unsigned = try await web.api(.post, sign, token: world.alex, json: #"{"role":"preparer","unsign":true}"#)
            #expect(
                (unsigned.json["signoffs"] as? [String: Any])?["reviewer"] is NSNull
                    || (unsigned.json["signoffs"] as? [String: Any])?["reviewer"] == nil)

            // Evidence that changes after the preparer signed blocks the review.
            let walkSign = "\(world.base)/workpapers/walkthrough/\(walkthroughID)/signoffs"
            #expect(try await web.api(.post, walkSign, token: world.alex, json: #"{"role":"preparer"}"#).status == .ok)
            try await Task.sleep(for: .milliseconds(5))
            var form = Multipart()
            form.field("item_id", evidence)
            form.fileName = "changes.csv"
            form.fileBytes = Array((Self.changes + "CHG-301,2026-06-30,erin,adam\n").utf8)
            #expect(try await web.upload(form, token: world.owner).status == .created)
            #expect(try await web.api(.post, walkSign, token: patToken, json: #"{"role":"reviewer"}"#).errorCode == "evidence_changed")

            // Automated controls are tested once per configured path; manual ones need a sample.
            _ = try await web.api(.post, "/api/v1/orgs/acme/controls/adopt", token: world.owner, json: #"{"ids":["ACC-01"]}"#)
            #expect(
                try await web.api(
                    .post, "\(world.base)/tests", token: world.alex,
                    json: #"{"control":"ACC-01","paths":2,"procedures":["inspection"],"attributes":["MFA enforced"]}"#
                ).status == .created)
            #expect(
                try await web.api(
                    .post, "\(world.base)/tests", token: world.alex,
                    json: #"{"control":"GOV-01","paths":1,"procedures":["inspection"],"attributes":["minutes"]}"#
                ).status == .unprocessableContent)

            // The binder: every file listed in the manifest with its SHA-256, evidence included.
            let binder = try await web.api(.get, "\(world.base)/binder", token: world.alex)
            #expect(binder.status == .ok && binder.headers[.contentType] == "application/zip")
            let archive = try Archive(data: Data(binder.body.readableBytesView), accessMode: .read)
            var files: [String: Data] = [:]
            for entry in archive {
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                files[entry.path] = data
            }
            let manifest = try #require(try JSONSerialization.jsonObject(with: files["manifest.json"] ?? Data()) as? [String: Any])
            let listed = manifest["files"] as? [[String: Any]] ?? []
            #expect(listed.count == files.count - 1 && (manifest["log_head"] as? [String: Any])?["root_hash"] is String)
            for file in listed {
                let path = try #require(file["path"] as? String)
                let digest = SHA256.hash(data: files[path] ?? Data()).map { String(format: "%02x", $0) }.joined()
                #expect(digest == file["sha256"] as? String, "\(path)")
            }
            #expect(String(decoding: files["index.html"] ?? Data(), as: UTF8.self).contains("Audit binder: Acme"))
            #expect(files.keys.contains { $0.hasPrefix("evidence/") && $0.hasSuffix("changes.csv") })
            #expect(files.keys.filter { $0.hasPrefix("workpapers/") }.count >= 4)
            #expect(try await web.api(.get, "\(world.base)/binder", token: world.bob).status == .notFound)

            func conclusion(_ criterion: String, _ token: String) async throws -> String? {
                let list = try await web.api(.get, "\(world.base)/conclusions", token: token).json["conclusions"] as? [[String: Any]] ?? []
                return list.first { $0["criterion"] as? String == criterion }?["result"] as? String
            }
            #expect(try await conclusion("CC8.1", world.alex) == "met_with_exceptions")
            #expect(try await conclusion("CC1.2", world.alex) == "not_tested")
            // The client sees results and conclusions only once a reviewed test is released.
            func clientResults() async throws -> Int {
                let tests = try await web.api(.get, "\(world.base)/tests", token: world.owner).json["tests"] as? [[String: Any]] ?? []
                let chg = tests.first { ($0["test"] as? [String: Any])?["control"] as? String == "CHG-01" }
                return ((chg?["test"] as? [String: Any])?["results"] as? [Any])?.count ?? -1
            }
            #expect(try await clientResults() == 0)
            #expect(try await conclusion("CC8.1", world.owner) == "not_tested")
            #expect(try await web.api(.post, "\(tests)/release", token: world.alex).errorCode == "not_reviewed")
            #expect(try await web.api(.post, sign, token: world.alex, json: #"{"role":"preparer"}"#).status == .ok)
            #expect(try await web.api(.post, sign, token: patToken, json: #"{"role":"reviewer"}"#).status == .ok)
            #expect(try await web.api(.post, "\(tests)/release", token: world.owner).status == .forbidden)
            #expect(try await web.api(.post, "\(tests)/release", token: world.alex).status == .ok)
            #expect(try await clientResults() == 50)
            #expect(try await conclusion("CC8.1", world.owner) == "met_with_exceptions")
            #expect(try await web.api(.get, "\(world.base)/binder", token: world.owner).status == .forbidden, "the binder is the firm's file")
            let events = try await web.api(.get, "/api/v1/orgs/acme/events?limit=500", token: world.owner)
            let actions = Set((events.json["events"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String })
            #expect(actions.isSuperset(of: ["signed_preparer", "signed_reviewer", "unsigned_preparer", "management_response", "exception_recorded"]))
        }
    }

    @Test(arguments: TestDatabase.available)
    func theFieldworkPageServesBothSides(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let world = try await Self.world(web)
            try await web.fixtures.user("olivia@acme.example", in: "acme", role: .owner)
            var auditor = try await web.signIn("alex@assure.example")
            let first = try await auditor.get("/orgs/acme/fieldwork")
            #expect(first.status == .ok && first.text.contains("Confirm your independence"))
            let confirmed = try await auditor.submit(
                "/orgs/acme/fieldwork/independence",
                form: [
                    "engagement": world.engagement.lowercased(),
                    "statement": "No interest in Acme; no other role for it.",
                ])
            #expect(confirmed.status == .ok && confirmed.text.contains("Independence confirmed by Alex ("))
            let evidence = try await upload(world, "changes.csv", Self.changes)
            let engagement = world.engagement.lowercased()
            let page = try await auditor.get("/orgs/acme/fieldwork")
            #expect(page.text.contains("Freeze a population") && page.text.contains("changes.csv"))
            let frozen = try await auditor.submit(
                "/orgs/acme/fieldwork/freeze",
                form: [
                    "engagement": engagement, "evidence": evidence.lowercased(), "name": "Changes",
                    "source_system": "GitHub", "extraction_query": "merged PRs",
                    "completeness_procedure": "Matched the count with the API.",
                ])
            #expect(frozen.status == .ok && frozen.text.contains("Population frozen."))
            let populations = try await web.api(.get, "\(world.base)/populations", token: world.alex).json["populations"] as? [[String: Any]] ?? []
            let populationID = try #require(populations.first?["id"] as? String)
            let drawn = try await auditor.submit(
                "/orgs/acme/fieldwork/draw",
                form: [
                    "engagement": engagement, "population": populationID.lowercased(),
                    "control": "CHG-01", "risk": "low", "method": "random", "seed": "11",
                ])
            #expect(drawn.status == .ok && drawn.text.contains("Sample drawn."))
            let sample = try #require(
                (try await web.api(.get, "\(world.base)/samples", token: world.alex).json["samples"] as? [[String: Any]])?.first)
            let firstRow = try #require(((sample["draw"] as? [String: Any])?["selected"] as? [Int])?.first)
            let badPlan = try await auditor.submit(
                "/orgs/acme/fieldwork/plan",
                form: [
                    "engagement": engagement, "sample": (sample["id"] as? String ?? "").lowercased(),
                    "procedures": "inquiry", "attributes": "approved",
                ])
            #expect(badPlan.status == .unprocessableContent && badPlan.text.contains("inquiry alone"))
            let planned = try await auditor.submit(
                "/orgs/acme/fieldwork/plan",
                form: [
                    "engagement": engagement, "sample": (sample["id"] as? String ?? "").lowercased(),
                    "procedures": "inspection", "attributes": "approved; tests passed",
                ])
            #expect(planned.status == .ok && planned.text.contains("Test planned."))
            let testID = try #require(
                (((try await web.api(.get, "\(world.base)/tests", token: world.alex).json["tests"] as? [[String: Any]])?.first?["test"])
                    as? [String: Any])?["id"] as? String)
            let recorded = try await auditor.submit(
                "/orgs/acme/fieldwork/result",
                form: [
                    "engagement": engagement, "test": testID.lowercased(), "item": "\(firstRow)",
                    "attribute": "approved", "passed": "no", "note": "Self-approved.",
                ])
            #expect(recorded.status == .ok && recorded.text.contains("Self-approved."))
            let excepted = try await auditor.submit(
                "/orgs/acme/fieldwork/exception",
                form: [
                    "engagement": engagement, "test": testID.lowercased(), "description": "One self-approved change.",
                    "cause": "Protection off during migration.", "count": "1", "evaluation": "within_tolerance",
                ])
            #expect(excepted.status == .ok && excepted.text.contains("Exception: One self-approved change."))
            let signed = try await auditor.post(
                "/orgs/acme/fieldwork/sign",
                form: [
                    "engagement": world.engagement.lowercased(), "kind": "population",
                    "workpaper": populationID, "role": "preparer",
                ])
            #expect(signed.status == .seeOther)
            #expect(
                try await auditor.get("/orgs/acme/fieldwork").text.contains("prepared by Alex"), "the page names the person the record keeps by email"
            )
            // The client sees the work but gets no forms to change it.
            var client = try await web.signIn("olivia@acme.example")
            let view = try await client.get("/orgs/acme/fieldwork")
            #expect(view.status == .ok && view.text.contains("Changes v1") && !view.text.contains("Sign as reviewer"))
            let refused = try await client.post(
                "/orgs/acme/fieldwork/sign",
                form: [
                    "engagement": world.engagement.lowercased(), "kind": "population",
                    "workpaper": populationID, "role": "reviewer",
                ])
            #expect(refused.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theRequestListIsAConversationAcrossTheWall(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let world = try await Self.world(web)
            let requests = "\(world.base)/requests"
            #expect(try await web.api(.get, requests, token: world.alex).status == .ok)
            #expect(try await web.api(.get, requests, token: world.bob).status == .notFound, "another firm's auditor does not see the engagement")
            #expect((try await web.api(.get, "/api/v1/orgs/acme/engagements", token: world.bob).json["engagements"] as? [Any])?.isEmpty == true)

            let evidence = try await upload(world, "org-chart.pdf", "%PDF-1.4 org chart")
            let missing = try await web.api(
                .post, "\(requests)/IRL-001/actions", token: world.owner, json: #"{"action":"provide","evidence":["\#(UUID().uuidString)"]}"#)
            #expect(missing.errorCode == "evidence_missing")
            #expect(
                try await web.api(.post, "\(requests)/IRL-002/actions", token: world.alex, json: #"{"action":"accept"}"#).errorCode == "not_provided")
            let provided = try await web.api(
                .post, "\(requests)/IRL-001/actions", token: world.owner, json: #"{"action":"provide","evidence":["\#(evidence)"]}"#)
            #expect((provided.json["request"] as? [String: Any])?["status"] as? String == "provided")
            #expect(
                try await web.api(.post, "\(requests)/IRL-001/actions", token: world.alex, json: #"{"action":"provide","evidence":[]}"#).status
                    == .forbidden)
            #expect(
                try await web.api(.post, "\(requests)/IRL-001/actions", token: world.owner, json: #"{"action":"accept"}"#).status == .forbidden,
                "the client never accepts its own evidence")
            #expect(
                try await web.api(.post, "\(requests)/IRL-001/actions", token: world.alex, json: #"{"action":"return","reason":"no"}"#).status
                    == .badRequest)
            let returned = try await web.api(
                .post, "\(requests)/IRL-001/actions", token: world.alex,
                json: #"{"action":"return","reason":"The chart is from 2024; send the current one."}"#)
            #expect((returned.json["request"] as? [String: Any])?["return_reason"] as? String == "The chart is from 2024; send the current one.")
            _ = try await web.api(
                .post, "\(requests)/IRL-001/actions", token: world.owner, json: #"{"action":"comment","text":"Updated chart uploaded as version 2."}"#
            )
            let thread = try await web.api(
                .post, "\(requests)/IRL-001/actions", token: world.alex, json: #"{"action":"comment","text":"Thanks, reviewing."}"#)
            let comments = ((thread.json["request"] as? [String: Any])?["comments"] as? [[String: Any]]) ?? []
            #expect(comments.map { $0["side"] as? String } == ["client", "auditor"])
            _ = try await web.api(.post, "\(requests)/IRL-002/actions", token: world.alex, json: #"{"action":"reschedule","due_date":"2026-01-15"}"#)
            let overdue = try await web.api(.get, "\(requests)?overdue=true", token: world.owner)
            #expect((overdue.json["requests"] as? [[String: Any]])?.compactMap { $0["number"] as? String }.contains("IRL-002") == true)
            #expect(try await web.api(.get, "\(requests)?overdue=maybe", token: world.owner).status == .badRequest)

            // The auditor issues requests of their own; the other firm cannot.
            let issued = try await web.api(
                .post, requests, token: world.alex,
                json: #"{"area":"Auditor","title":"Board minutes, Q1","kind":"document","criteria":["CC1.2"],"due_date":"2026-07-10"}"#)
            #expect(issued.status == .created && (issued.json["request"] as? [String: Any])?["title"] as? String == "Board minutes, Q1")
            #expect(try await web.api(.post, requests, token: world.bob, json: #"{"title":"x","kind":"document"}"#).status == .notFound)
            #expect(
                try await web.api(.post, requests, token: world.alex, json: #"{"title":"x","kind":"document","criteria":["ZZ1.1"]}"#).status
                    == .unprocessableContent)

            let alexNotes = try await web.api(.get, "/api/v1/orgs/acme/notifications", token: world.alex)
            #expect((alexNotes.json["unread"] as? Int ?? 0) >= 2, "provided and the client's comment")
            let ownerNotes = try await web.api(.get, "/api/v1/orgs/acme/notifications", token: world.owner)
            let texts = (ownerNotes.json["notifications"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
            #expect(texts.contains { $0.contains("returned IRL-001") })
            #expect((try await web.api(.get, "/api/v1/orgs/acme/notifications", token: world.bob).json["notifications"] as? [Any])?.isEmpty == true)
            let marked = try await web.api(.post, "/api/v1/orgs/acme/notifications/read", token: world.alex)
            #expect((marked.json["marked"] as? Int ?? 0) >= 2)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/notifications", token: world.alex).json["unread"] as? Int == 0)
        }
    }

    func pull(_ world: World, token: String, fields: [String: String], file: String?) async throws -> TestResponse {
        var form = Multipart()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) { form.field(name, value) }
        form.fileName = "pulled.csv"
        form.fileBytes = file.map { Array($0.utf8) }
        let response = try await world.web.client.execute(
            uri: "\(world.base)/populations/upload", method: .post,
            headers: [.authorization: "Bearer \(token)", .contentType: form.contentType], body: form.body())
        return try world.web.checked(.post, "\(world.base)/populations/upload", response)
    }

    /// The auditor pulls a population themselves: a bad file or missing details store nothing;
    /// a good one becomes the auditor's evidence item (the client sees it, labelled) and is frozen.
    @Test(arguments: TestDatabase.available)
    func theAuditorUploadsAPopulationOfTheirOwn(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let world = try await Self.world(web)
            let fields = [
                "name": "Terminations", "source_system": "BambooHR", "extraction_query": "All leavers, 2026-01-01..2026-06-30",
                "completeness_procedure": "Agreed the count to the HR headcount report.",
            ]
            let csv = "employee_id,left_on\nE1,2026-02-01\nE2,2026-03-09\nE3,2026-05-30\n"
            #expect(try await pull(world, token: world.alex, fields: fields, file: csv).errorCode == "independence_required")
            _ = try await web.api(
                .post, "\(world.base)/independence", token: world.alex, json: #"{"statement":"I am independent of Acme and its management."}"#)
            #expect(
                try await pull(world, token: world.owner, fields: fields, file: csv).status == .forbidden,
                "the client uploads evidence, not auditor populations")
            #expect(try await pull(world, token: world.bob, fields: fields, file: csv).status == .notFound)

            let ragged = try await pull(world, token: world.alex, fields: fields, file: "employee_id,left_on\nE1\n\"E2,2026-03-09\n")
            #expect(
                ragged.status == .unprocessableContent && ragged.text.contains("line 2: 1 field") && ragged.text.contains("pulled.csv"),
                "\(ragged.text)")
            var partial = fields
            partial["completeness_procedure"] = nil
            #expect(try await pull(world, token: world.alex, fields: partial, file: csv).text.contains("completeness_procedure"))
            #expect(try await pull(world, token: world.alex, fields: fields.merging(["colour": "blue"]) { $1 }, file: csv).text.contains("colour"))
            #expect(try await pull(world, token: world.alex, fields: fields, file: nil).text.contains("'file' part"))
            let lockerBefore = (try await web.api(.get, "/api/v1/orgs/acme/evidence", token: world.owner).json["evidence"] as? [Any])?.count
            #expect(lockerBefore == 0, "nothing refused was stored")

            let pulled = try await pull(world, token: world.alex, fields: fields, file: csv)
            #expect(pulled.status == .created, "\(pulled.text)")
            let population = try #require(pulled.json["population"] as? [String: Any])
            #expect((population["scan"] as? [String: Any])?["rows"] as? Int == 3 && population["frozen_by"] as? String == "alex@assure.example")
            let items = try #require(try await web.api(.get, "/api/v1/orgs/acme/evidence", token: world.owner).json["evidence"] as? [[String: Any]])
            #expect(items.count == 1 && (items[0]["title"] as? String)?.hasPrefix("Population pulled by the auditor") == true)
            // The auditor cannot use that door to change the client's evidence.
            var version = Multipart()
            version.field("item_id", try #require(items[0]["id"] as? String))
            version.fileBytes = Array("x".utf8)
            #expect(try await web.upload(version, token: world.alex).status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theFirmSetsItsSampleTableAndAuditorsMayPickRows(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let world = try await Self.world(web)
            let firmOwner = try #require(try await web.store.users.find(email: try EmailAddress("owner@assure.example")))
            let firmToken = try await web.fixtures.token(for: firmOwner)
            let defaults = try await web.api(.get, "/api/v1/orgs/assure/sample-table", token: world.alex)
            #expect(
                ((defaults.json["table"] as? [String: Any])?["periodic"] as? [String: Any]).flatMap { $0["daily"] as? [String: Any] }?["low"] as? Int
                    == 25)
            let table =
                #"{"periodic":{"annual":{"low":1,"high":1},"quarterly":{"low":2,"high":4},"monthly":{"low":2,"high":5},"weekly":{"low":5,"high":15},"daily":{"low":30,"high":50},"continuous":{"low":1,"high":1}},"events":[{"up_to":null,"sizes":{"low":33,"high":44}}],"test_all_up_to":5}"#
            #expect(
                try await web.api(.put, "/api/v1/orgs/assure/sample-table", token: world.alex, json: table).status == .forbidden,
                "members of the firm read it; admins set it")
            #expect(
                try await web.api(
                    .put, "/api/v1/orgs/assure/sample-table", token: firmToken, json: table.replacingOccurrences(of: #""low":33"#, with: #""low":90"#)
                ).status == .unprocessableContent)
            #expect(
                try await web.api(
                    .put, "/api/v1/orgs/assure/sample-table", token: firmToken, json: table.replacingOccurrences(of: #""annual""#, with: #""yearly""#)
                ).status == .badRequest)
            #expect(
                try await web.api(.put, "/api/v1/orgs/acme/sample-table", token: world.owner, json: table).status == .conflict,
                "only an audit firm has one")
            #expect(try await web.api(.put, "/api/v1/orgs/assure/sample-table", token: firmToken, json: table).status == .ok)

            _ = try await web.api(
                .post, "\(world.base)/independence", token: world.alex, json: #"{"statement":"I am independent of Acme and its management."}"#)
            let evidence = try await upload(world, "changes.csv", Self.changes)
            let frozen = try await web.api(
                .post, "\(world.base)/populations", token: world.alex,
                json:
                    #"{"name":"Changes","evidence_id":"\#(evidence)","source_system":"GitHub","extraction_query":"merged PRs","completeness_procedure":"Matched the count with the API."}"#
            )
            let populationID = try #require((frozen.json["population"] as? [String: Any])?["id"] as? String)
            let drawn = try await web.api(
                .post, "\(world.base)/samples", token: world.alex,
                json: #"{"population_id":"\#(populationID)","control":"CHG-01","risk":"high","seed":3}"#)
            #expect(
                ((drawn.json["sample"] as? [String: Any])?["draw"] as? [String: Any])?["sample_size"] as? Int == 44,
                "the firm's table, not the defaults")

            let picked = try await web.api(
                .post, "\(world.base)/samples", token: world.alex,
                json:
                    #"{"population_id":"\#(populationID)","control":"CHG-01","method":"manual","rows":[9,1,5],"reason":"The three changes made during the outage."}"#
            )
            let draw = ((picked.json["sample"] as? [String: Any])?["draw"] as? [String: Any]) ?? [:]
            #expect(draw["method"] as? String == "manual" && draw["selected"] as? [Int] == [1, 5, 9])
            #expect(
                try await web.api(
                    .post, "\(world.base)/samples", token: world.alex,
                    json: #"{"population_id":"\#(populationID)","control":"CHG-01","method":"manual","rows":[1,2]}"#
                ).status == .badRequest)
            #expect(
                try await web.api(
                    .post, "\(world.base)/samples", token: world.alex,
                    json:
                        #"{"population_id":"\#(populationID)","control":"CHG-01","method":"manual","rows":[0,301],"reason":"Edge rows for the boundary test."}"#
                ).status == .badRequest)
        }
    }
}
