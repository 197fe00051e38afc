import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Reports
import TestSupport
import Testing

extension WebHarness {
    func raw(_ method: HTTPRequest.Method, _ uri: String, token: String, body: [UInt8], contentType: String) async throws -> TestResponse {
        let response = try await client.execute(
            uri: uri, method: method, headers: [.authorization: "Bearer \(token)", .contentType: contentType], body: ByteBuffer(bytes: body))
        return try checked(method, uri, response)
    }
}

@Suite("The programme over HTTP")
struct ProgrammeAPITests {
    static let engagementJSON = #"""
        {"name":"FY26","report_type":"type2","period_start":"2026-01-01","period_end":"2026-06-30",
         "categories":["availability","confidentiality"],"system_name":"Acme platform","clouds":["aws"],
         "locations":["London","Manchester"],"headcount":"51-200",
         "subservices":[{"name":"AWS","service":"Hosting","method":"carve_out"}]}
        """#

    @Test(arguments: TestDatabase.available)
    func scopingChecksItsInput(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let path = "/api/v1/orgs/acme/engagements"
            let created = try await web.api(.post, path, token: token, json: Self.engagementJSON)
            #expect(created.status == .created)
            let criteria = created.json["criteria"] as? [[String: Any]] ?? []
            #expect(criteria.count == 38 && criteria.first?["id"] as? String == "CC1.1")
            let estimate = created.json["estimate"] as? [String: Any]
            #expect((estimate?["label"] as? String)?.contains("estimate") == true)

            let short = try await web.api(
                .post, path, token: token, json: Self.engagementJSON.replacingOccurrences(of: "2026-06-30", with: "2026-02-28"))
            #expect(short.status == .unprocessableContent && short.errorCode == "invalid_period_end")
            #expect(short.text.contains("at least 3 months"))
            let long = try await web.api(
                .post, path, token: token, json: Self.engagementJSON.replacingOccurrences(of: "2026-06-30", with: "2027-01-01"))
            #expect(long.status == .unprocessableContent && long.text.contains("at most 12 months"))
            let malformed = try await web.api(
                .post, path, token: token, json: Self.engagementJSON.replacingOccurrences(of: "2026-06-30", with: "2026-06-31"))
            #expect(malformed.status == .badRequest && malformed.text.contains("period_end"))
            let unknownCategory = try await web.api(
                .post, path, token: token, json: Self.engagementJSON.replacingOccurrences(of: "\"availability\"", with: "\"uptime\""))
            #expect(unknownCategory.status == .badRequest)
            let unknownField = try await web.api(
                .post, path, token: token, json: #"{"report_type":"type1","as_of":"2026-06-30","system_name":"x","color":"red"}"#)
            #expect(unknownField.errorCode == "unknown_field")

            let id = try #require((created.json["engagement"] as? [String: Any])?["id"] as? String)
            let noReason = try await web.api(
                .post, "\(path)/\(id)/applicability", token: token, json: #"{"criterion":"CC6.4","not_applicable_reason":""}"#)
            #expect(noReason.status == .badRequest && noReason.text.contains("reason"))
            let excluded = try await web.api(
                .post, "\(path)/\(id)/applicability", token: token,
                json: #"{"criterion":"CC6.4","not_applicable_reason":"No offices; all hosting is carved out."}"#)
            #expect(excluded.status == .ok)
            let readiness = try await web.api(.get, "\(path)/\(id)/readiness", token: token)
            let rows = (readiness.json["readiness"] as? [String: Any])?["criteria"] as? [[String: Any]] ?? []
            #expect(rows.first { $0["criterion"] as? String == "CC6.4" }?["status"] as? String == "not_applicable")

            // Another organisation's engagement is a 404, never its data.
            let (_, outsider) = try await web.fixtures.organization("globex")
            let other = try await web.fixtures.token(for: outsider)
            #expect(try await web.api(.get, "\(path)/\(id)", token: other).status == .notFound)
            #expect(try await web.api(.get, "/api/v1/orgs/globex/engagements/\(id)", token: other).status == .notFound)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theRequestListExportsAndReimports(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let created = try await web.api(.post, "/api/v1/orgs/acme/engagements", token: token, json: Self.engagementJSON)
            let id = try #require((created.json["engagement"] as? [String: Any])?["id"] as? String)
            let base = "/api/v1/orgs/acme/engagements/\(id)/requests"

            let xlsx = try await web.api(.get, "\(base)?format=xlsx", token: token)
            #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            let bytes = Array(xlsx.body.readableBytesView)
            #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
            let sheet = try XLSXReader.rows(Data(bytes))
            let json = try await web.api(.get, base, token: token)
            let count = json.json["count"] as? Int ?? 0
            #expect(sheet.count == count + 1 && sheet[0] == RequestListFile.columns)

            let same = try await web.raw(
                .post, "\(base)/import", token: token, body: bytes, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(same.status == .ok)
            #expect((same.json["result"] as? [String: Any])?["updated"] as? Int == 0, "an unedited export re-imports to the same content")

            // Edit two rows and add one, as a person would in a spreadsheet.
            var edited = sheet
            edited[1][7] = "erin@acme.example"
            // A sheet cannot move a request forward: providing links evidence, accepting is the auditor's.
            for status in ["provided", "accepted"] {
                edited[1][8] = status
                let refused = try await web.raw(
                    .post, "\(base)/import", token: token, body: Array(try XLSXWriter.workbook(sheet: "Edited", rows: edited)),
                    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                #expect(refused.status == .conflict && refused.errorCode == "status_by_action" && refused.text.contains("row 2"), "\(refused.text)")
            }
            edited[1][8] = sheet[1][8]
            edited[2][6] = "2026-07-20"
            edited.append(["", "Extra", "Board minutes 2025", "Minutes of the December board meeting.", "document", "CC1.2", "", "", "open"])
            let result = try await web.raw(
                .post, "\(base)/import", token: token, body: Array(try XLSXWriter.workbook(sheet: "Edited", rows: edited)),
                contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(result.json["result"] as? [String: Int] == ["updated": 2, "added": 1, "unchanged": count - 2])
            let after = try await web.api(.get, "\(base)?format=csv", token: token)
            #expect(after.text.contains("erin@acme.example,\(sheet[1][8])"))
            #expect(after.text.contains("Board minutes 2025"))
            #expect(after.text.contains("2026-07-20"))
            // The CSV comes back in the same way.
            let csvAgain = try await web.raw(.post, "\(base)/import", token: token, body: Array(after.text.utf8), contentType: "text/csv")
            #expect((csvAgain.json["result"] as? [String: Any])?["updated"] as? Int == 0)

            // Bad files change nothing and say why.
            let notSheet = try await web.raw(
                .post, "\(base)/import", token: token, body: Array("PK\u{3}\u{4}garbage".utf8),
                contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(notSheet.status == .badRequest && notSheet.text.contains("ZIP"))
            let pdfish = try await web.raw(
                .post, "\(base)/import", token: token, body: Array("%PDF-1.4 not a sheet".utf8),
                contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(pdfish.status == .badRequest && pdfish.text.contains("not an XLSX"))
            let missing = try await web.raw(
                .post, "\(base)/import", token: token, body: Array("number,title\nIRL-001,x\n".utf8), contentType: "text/csv")
            #expect(missing.status == .badRequest && missing.text.contains("missing column(s)"))
            let extra = try await web.raw(
                .post, "\(base)/import", token: token,
                body: Array(((RequestListFile.columns + ["notes"]).joined(separator: ",") + "\n").utf8), contentType: "text/csv")
            #expect(extra.status == .badRequest && extra.text.contains("unknown column(s) notes"))
            let lines = after.text.components(separatedBy: "\r\n")
            let badStatus = ([lines[0], lines[1], lines[2].replacingOccurrences(of: ",open", with: ",lost")]).joined(separator: "\r\n") + "\r\n"
            let refused = try await web.raw(
                .post, "\(base)/import", token: token,
                body: Array(badStatus.replacingOccurrences(of: "erin@acme.example", with: "sam@acme.example").utf8), contentType: "text/csv")
            #expect(refused.status == .badRequest && refused.text.contains("row 3, column status"))
            #expect(try await web.api(.get, "\(base)?format=csv", token: token).text.contains("erin@acme.example"), "nothing was half written")
            #expect(try await web.api(.get, "\(base)?format=pdf", token: token).status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.available)
    func policiesControlsLibraryAndCrosswalk(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let erin = try await web.fixtures.user("erin@acme.example", in: "acme", role: .member)
            let token = try await web.fixtures.token(for: owner)
            let erinToken = try await web.fixtures.token(for: erin)

            let library = try await web.api(.get, "/api/v1/library/controls", token: token)
            #expect((library.json["count"] as? Int ?? 0) >= 100)
            let templates = try await web.api(.get, "/api/v1/library/policies", token: token)
            #expect((templates.json["count"] as? Int ?? 0) >= 15)
            #expect(try await web.api(.get, "/api/v1/library/controls").status == .unauthorized)

            let adopted = try await web.api(.post, "/api/v1/orgs/acme/controls/adopt", token: token, json: #"{"ids":["ACC-01","ACC-02"]}"#)
            #expect(adopted.json["count"] as? Int == 2)
            let unknown = try await web.api(.post, "/api/v1/orgs/acme/controls/adopt", token: token, json: #"{"ids":["NOPE-01"]}"#)
            #expect(unknown.status == .unprocessableContent)
            let updated = try await web.api(
                .patch, "/api/v1/orgs/acme/controls/ACC-01", token: token, json: #"{"status":"operating","owner":"owner@acme.example"}"#)
            #expect((updated.json["control"] as? [String: Any])?["status"] as? String == "operating")
            #expect(
                try await web.api(.patch, "/api/v1/orgs/acme/controls/ACC-01", token: erinToken, json: #"{"status":"designed"}"#).status == .forbidden
            )
            let history = try await web.api(.get, "/api/v1/orgs/acme/controls/ACC-01", token: token)
            #expect((history.json["history"] as? [Any])?.count == 2)
            let crosswalk = try await web.api(.get, "/api/v1/orgs/acme/crosswalk/iso27001", token: token)
            #expect(crosswalk.json["annex_a_count"] as? Int == 93)
            #expect((crosswalk.json["covered"] as? Int ?? 0) > 0 && (crosswalk.json["gaps"] as? [String] ?? []).count > 50)

            let policy = try await web.api(
                .post, "/api/v1/orgs/acme/policies", token: token, json: #"{"template":"acceptable-use","owner":"Olivia"}"#)
            #expect(policy.status == .created)
            #expect(
                try await web.api(.post, "/api/v1/orgs/acme/policies", token: token, json: #"{"template":"made-up","owner":"Olivia"}"#).status
                    == .unprocessableContent)
            let skip = try await web.api(
                .post, "/api/v1/orgs/acme/policies/acceptable-use/transition", token: token, json: #"{"status":"published"}"#)
            #expect(skip.status == .conflict && skip.errorCode == "invalid_transition")
            // Separation of duties (issue 17): the author cannot approve; a second admin does.
            let transition = "/api/v1/orgs/acme/policies/acceptable-use/transition"
            #expect(try await web.api(.post, transition, token: token, json: #"{"status":"in_review"}"#).status == .ok)
            let selfApproved = try await web.api(.post, transition, token: token, json: #"{"status":"approved"}"#)
            #expect(selfApproved.status == .conflict && selfApproved.errorCode == "separation_of_duties", "\(selfApproved.text)")
            let adam = try await web.fixtures.token(for: try await web.fixtures.user("adam@acme.example", in: "acme", role: .admin))
            for status in ["approved", "published"] {
                let step = try await web.api(.post, transition, token: adam, json: #"{"status":"\#(status)"}"#)
                #expect(step.status == .ok, "\(status): \(step.text.prefix(200))")
            }
            let edit = try await web.api(
                .put, "/api/v1/orgs/acme/policies/acceptable-use", token: token,
                json: ##"{"body":"# Acceptable Use Policy\n\nUse company systems for company work.","change_note":"Shorter"}"##)
            let versions = ((edit.json["policy"] as? [String: Any])?["versions"] as? [[String: Any]]) ?? []
            #expect(versions.map { $0["status"] as? String } == ["published", "draft"], "editing a published version makes a new one")
            let diff = try await web.api(.get, "/api/v1/orgs/acme/policies/acceptable-use/diff?from=1&to=2", token: token)
            #expect((diff.json["lines"] as? [[String: Any]] ?? []).contains { $0["op"] as? String == "removed" })
            let badVariable = try await web.api(
                .put, "/api/v1/orgs/acme/policies/acceptable-use", token: token, json: #"{"body":"Hello {{ceo_name}}","change_note":"x"}"#)
            #expect(badVariable.status == .badRequest && badVariable.text.contains("ceo_name"))

            let ack = try await web.api(.post, "/api/v1/orgs/acme/policies/acceptable-use/acknowledge", token: erinToken)
            #expect((ack.json["acknowledgement"] as? [String: Any])?["version"] as? Int == 1)
            let report = try await web.api(.get, "/api/v1/orgs/acme/acknowledgements", token: token)
            // The admin who approved is a member now too (separation of duties needs a second person).
            #expect(report.json["outstanding"] as? Int == 2, "the owner and the approving admin have not acknowledged yet")
            let list = try await web.api(.get, "/api/v1/orgs/acme/policies", token: token)
            let summary = (list.json["policies"] as? [[String: Any]])?.first
            #expect(summary?["published_version"] as? Int == 1 && summary?["latest_version"] as? Int == 2)
        }
    }

    @Test(arguments: TestDatabase.available)
    func theProgrammePagesWorkInABrowserSession(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            try await web.fixtures.organization("acme", owner: "olivia@acme.example")
            var browser = try await web.signIn("olivia@acme.example")
            let empty = try await browser.get("/orgs/acme/programme")
            #expect(empty.status == .ok && empty.text.contains("Scope your SOC 2 engagement"))
            let bad = try await browser.post(
                "/orgs/acme/programme",
                form: [
                    "name": "FY26", "system_name": "Platform", "report_type": "type2",
                    "period_start": "2026-01-01", "period_end": "2026-02-01", "headcount": "1-50",
                ])
            #expect(bad.status == .unprocessableContent && bad.text.contains("at least 3 months"))
            let made = try await browser.post(
                "/orgs/acme/programme",
                form: [
                    "name": "FY26", "system_name": "Platform", "report_type": "type2",
                    "period_start": "2026-01-01", "period_end": "2026-06-30", "headcount": "1-50",
                    "categories": "availability", "clouds": "aws", "locations": "London; Leeds",
                ])
            #expect(made.status == .seeOther)
            let page = try await browser.get(made.headers[.location] ?? "/orgs/acme/programme")
            #expect(page.text.contains("AWS identities") && page.text.contains("Office access: Leeds") && page.text.contains("<svg"))
            #expect(try await browser.post("/orgs/acme/controls/adopt", form: [:]).status == .seeOther)
            let controls = try await browser.get("/orgs/acme/controls")
            #expect(controls.text.contains("ACC-01") && controls.text.contains("<svg"))
            #expect(
                try await browser.post("/orgs/acme/controls/ACC-01", form: ["status": "operating", "owner": "olivia@acme.example"]).status
                    == .seeOther)
            let badEdit = try await browser.post(
                "/orgs/acme/controls/ACC-01/edit", form: ["title": "SSO", "frequency": "continuous", "criteria": "CC6.1 XX9.9"])
            #expect(badEdit.status == .unprocessableContent && badEdit.text.contains("XX9.9"))
            #expect(
                try await browser.post(
                    "/orgs/acme/controls/ACC-01/edit",
                    form: [
                        "title": "SSO everywhere", "description": "IdP first.",
                        "frequency": "continuous", "criteria": "CC6.1 CC6.2",
                    ]
                ).status == .seeOther)
            #expect(try await browser.get("/orgs/acme/controls/ACC-01").text.contains("ACC-01: SSO everywhere"))
            try await web.fixtures.organization("auditors", kind: .auditFirm)
            let engagementID = try #require((made.headers[.location] ?? "").split(separator: "=").last.map(String.init))
            let invited = try await browser.submit("/orgs/acme/programme/\(engagementID)/audit-firm", form: ["audit_firm": "auditors"])
            #expect(invited.status == .ok && invited.text.contains("audit firm auditors"))
            #expect(
                try await browser.post("/orgs/acme/programme/\(engagementID)/audit-firm", form: ["audit_firm": "acme"]).status
                    == .unprocessableContent)
            #expect(try await browser.post("/orgs/acme/policies", form: ["template": "encryption", "owner": "Olivia"]).status == .seeOther)
            // A one-person company records why its author approves its own policies (issue 17).
            _ = try await browser.get("/orgs/acme/policies")
            #expect(try await browser.post("/orgs/acme/policies/self-approval", form: ["allowed": "yes", "reason": "short"]).status == .badRequest)
            let allowed = try await browser.submit(
                "/orgs/acme/policies/self-approval",
                form: ["allowed": "yes", "reason": "A one-person company until the first hire; the board reads policies yearly."])
            #expect(allowed.text.contains("authors may approve their own policies") && allowed.text.contains("the board reads policies yearly"))
            for status in ["in_review", "approved", "published"] {
                #expect(try await browser.post("/orgs/acme/policies/encryption/transition", form: ["status": status]).status == .seeOther)
            }
            #expect(try await browser.get("/orgs/acme/my-policies").text.contains("I have read and will follow v1"))
            #expect(try await browser.post("/orgs/acme/policies/encryption/acknowledge", form: [:]).status == .seeOther)
            #expect(try await browser.get("/orgs/acme/acknowledgements").text.contains("1 of 1 people"))
            let readiness = try await browser.get("/orgs/acme/readiness")
            #expect(readiness.status == .ok && readiness.text.contains("Overall readiness over time"))
            #expect(try await browser.get("/orgs/acme/crosswalk").text.contains("Annex A controls covered"))
            #expect(
                try await browser.get("/orgs/acme/policies/encryption/document?format=html").text.contains("Encryption and Key Management Policy"))
            // Issue 11, finding 8: the printable policy's inline stylesheet is allowed by its own policy, and nothing else is.
            let printable = try await browser.get("/orgs/acme/policies/encryption/document?format=html")
            #expect(
                printable.headers[.contentSecurityPolicy] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'")
        }
    }

    @Test(arguments: TestDatabase.available)
    func theRequestListImportsThroughThePage(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme", owner: "olivia@acme.example")
            let token = try await web.fixtures.token(for: owner)
            let created = try await web.api(.post, "/api/v1/orgs/acme/engagements", token: token, json: Self.engagementJSON)
            let id = try #require((created.json["engagement"] as? [String: Any])?["id"] as? String).lowercased()
            var browser = try await web.signIn("olivia@acme.example")
            _ = try await browser.get("/orgs/acme/programme")
            let csv = try await web.api(.get, "/api/v1/orgs/acme/engagements/\(id)/requests?format=csv", token: token).text
            var form = Multipart()
            form.fileName = "edited.csv"
            form.fileBytes = Array(csv.replacingOccurrences(of: ",,open\r\n", with: ",olivia@acme.example,open\r\n").utf8)
            func post(_ form: Multipart) async throws -> TestResponse {
                try await web.client.execute(
                    uri: "/orgs/acme/programme/\(id)/requests/import?_csrf=\(browser.csrf ?? "")", method: .post,
                    headers: [.cookie: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), .contentType: form.contentType],
                    body: form.body())
            }
            // A successful import redirects to the engagement page, which shows the notice once (as a browser follows it).
            let redirected = try await post(form)
            #expect(redirected.status == .seeOther)
            let notice =
                redirected.headers[values: .setCookie].first { $0.hasPrefix("attest_notice=") }?.split(separator: ";").first.map(String.init) ?? ""
            let page = try await web.client.execute(
                uri: redirected.headers[.location] ?? "", method: .get,
                headers: [.cookie: (browser.cookies.map { "\($0.key)=\($0.value)" } + [notice]).joined(separator: "; ")])
            #expect(page.status == .ok && page.text.contains("Imported:") && page.text.contains("0 added"))
            form.fileBytes = Array("%PDF-1.7 pretending".utf8)
            form.fileName = "list.xlsx"
            let refused = try await post(form)
            #expect(refused.status == .badRequest && refused.text.contains("not an XLSX"))
        }
    }

    @Test func aSpreadsheetThatUnpacksTooFarIsRefused() throws {
        // 40 MiB of spaces deflate to a few kilobytes: the reader must stop, not fill memory.
        let huge = String(repeating: " ", count: 40 << 20)
        var rows = [RequestListFile.columns]
        rows.append(["IRL-001", "A", "T", huge, "document", "CC1.1", "", "", "open"])
        let bomb = try XLSXWriter.workbook(sheet: "x", rows: rows)
        #expect(bomb.count < 1 << 20)
        let error = #expect(throws: DomainError.self) { try XLSXReader.rows(bomb) }
        #expect(error?.message.contains("more than 32 MiB") == true)
    }

    @Test func markdownEscapesRawHTML() {
        let html = Markdown.html("# Title\n\n<script>alert(1)</script> **bold** and *soft*\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |")
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("<strong>bold</strong>") && html.contains("<em>soft</em>"))
        #expect(html.contains("<ul><li>one</li><li>two</li></ul>"))
        #expect(html.contains("<th>a</th>") && html.contains("<td>2</td>"))
    }
}
