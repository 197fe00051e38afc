import ComplianceCore
import EvidenceStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing
import UseCases

/// A multipart/form-data body with text fields and at most one file.
struct Multipart {
    let boundary = "attest-\(UUID().uuidString)"
    var parts: [String] = []
    var fileBytes: [UInt8]?
    var fileName = "file.txt"

    mutating func field(_ name: String, _ value: String) {
        parts.append("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
    }

    func body(truncated: Bool = false) -> ByteBuffer {
        var bytes = Array(parts.joined().utf8)
        if let fileBytes {
            bytes += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .utf8)
            bytes += fileBytes
            bytes += Array("\r\n".utf8)
        }
        if !truncated { bytes += Array("--\(boundary)--\r\n".utf8) } else { bytes = Array(bytes.dropLast(3)) }
        return ByteBuffer(bytes: bytes)
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }
}

extension WebHarness {
    func upload(_ form: Multipart, token: String, org: String = "acme", truncated: Bool = false) async throws -> TestResponse {
        let uri = "/api/v1/orgs/\(org)/evidence"
        let response = try await client.execute(
            uri: uri, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: form.contentType],
            body: form.body(truncated: truncated))
        return try checked(.post, uri, response)
    }
}

@Suite("Evidence over the API")
struct EvidenceAPITests {
    @Test(arguments: TestDatabase.available)
    func uploadListDownloadReviewAndProve(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            var form = Multipart()
            form.field("title", "Quarterly access review")
            form.field("criteria", "CC6.2, CC6.3")
            form.field("controls", "AC-04")
            form.field("period", "2026-01-01..2026-03-31")
            form.field("frequency", "quarterly")
            form.field("method", "SELECT user, role FROM grants")
            form.fileBytes = Array("user,role\nerin,admin\n".utf8)
            form.fileName = "../../secret/access\u{0}.csv"
            let created = try await web.upload(form, token: token)
            #expect(created.status == .created, "\(created.text)")
            let evidence = try #require(created.json["evidence"] as? [String: Any])
            let sha = try #require(evidence["sha256"] as? String)
            #expect(sha == Digest.sha256Hex(Array("user,role\nerin,admin\n".utf8)))
            let latest = try #require(evidence["latest_version"] as? [String: Any])
            #expect(latest["file_name"] as? String == "access.csv")
            #expect(latest["content_type"] as? String == "text/csv")
            #expect(latest["row_count"] as? Int == 1)
            #expect(evidence["criteria"] as? [String] == ["CC6.2", "CC6.3"])
            let id = try #require(evidence["id"] as? String)
            // The quarter ended 2026-03-31, so by now the evidence is due again.
            #expect(evidence["expired"] as? Bool == true)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/evidence?freshness=expired", token: token).json["count"] as? Int == 1)

            var next = Multipart()
            next.field("item_id", id)
            next.fileBytes = Array("<html><script>alert(1)</script>".utf8)
            next.fileName = "page.html"
            #expect(try await web.upload(next, token: token).status == .created)

            let list = try await web.api(.get, "/api/v1/orgs/acme/evidence?criterion=CC6.2", token: token)
            #expect(list.json["count"] as? Int == 1)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/evidence?criterion=CC1.1", token: token).json["count"] as? Int == 0)
            // The second version has no period, so its freshness runs from its upload.
            #expect(try await web.api(.get, "/api/v1/orgs/acme/evidence?freshness=fresh", token: token).json["count"] as? Int == 1)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/evidence?status=maybe", token: token).status == .badRequest)

            let one = try await web.api(.get, "/api/v1/orgs/acme/evidence/\(id)", token: token)
            #expect((one.json["evidence"] as? [String: Any])?["versions"] as? [[String: Any]] != nil)
            let v1 = try await web.api(.get, "/api/v1/orgs/acme/evidence/\(id)/versions/1/content", token: token)
            #expect(v1.text == "user,role\nerin,admin\n")
            #expect(v1.headers[.contentType] == "text/csv")
            let v2 = try await web.api(.get, "/api/v1/orgs/acme/evidence/\(id)/versions/2/content", token: token)
            #expect(v2.headers[.contentType] == "application/octet-stream")
            #expect(v2.headers[.contentDisposition]?.hasPrefix("attachment") == true)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/evidence/\(id)/versions/9/content", token: token).status == .notFound)

            let reviewed = try await web.api(
                .post, "/api/v1/orgs/acme/evidence/\(id)/review", token: token, json: #"{"status":"approved","comment":"ok"}"#)
            #expect((reviewed.json["evidence"] as? [String: Any])?["status"] as? String == "approved")

            let proof = try await web.api(.get, "/api/v1/orgs/acme/evidence/\(id)/proof", token: token)
            #expect(proof.json["verified"] as? Bool == true)

            let head = try await web.api(.get, "/api/v1/orgs/acme/log/head", token: token)
            let size = try #require(head.json["tree_size"] as? Int)
            #expect((head.json["root_hash"] as? String)?.count == 64)
            let leaves = try await web.api(.get, "/api/v1/orgs/acme/log/leaves?start=0&end=\(size)", token: token)
            #expect((leaves.json["leaves"] as? [String])?.count == size)
            let inclusion = try await web.api(.get, "/api/v1/orgs/acme/log/inclusion?index=0&tree_size=\(size)", token: token)
            #expect(inclusion.json["audit_path"] is [String])
            #expect(
                try await web.api(.get, "/api/v1/orgs/acme/log/inclusion?index=\(size)&tree_size=\(size)", token: token).status
                    == .unprocessableContent)
            let consistency = try await web.api(.get, "/api/v1/orgs/acme/log/consistency?first=1&second=\(size)", token: token)
            #expect(consistency.json["proof"] is [String])

            let asOf = try await web.api(.get, "/api/v1/orgs/acme/evidence?as_of=2020-01-01", token: token)
            #expect(asOf.json["count"] as? Int == 0)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/evidence?as_of=yesterday", token: token).status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.available)
    func badUploadsAreRefusedAndLeaveNothing(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let viewer = try await web.fixtures.user("vera@acme.example", in: "acme", role: .viewer)
            let token = try await web.fixtures.token(for: owner)

            var empty = Multipart()
            empty.field("title", "Empty")
            empty.fileBytes = []
            let emptyResponse = try await web.upload(empty, token: token)
            #expect(emptyResponse.status == .badRequest)
            #expect(emptyResponse.errorCode == "empty_file")

            var big = Multipart()
            big.field("title", "Too big")
            big.fileBytes = Array(repeating: 65, count: (8 << 20) + 1)
            let bigResponse = try await web.upload(big, token: token)
            #expect(bigResponse.errorCode == "file_too_large", "\(bigResponse.text)")

            var noFile = Multipart()
            noFile.field("title", "No file")
            #expect(try await web.upload(noFile, token: token).status == .badRequest)

            var noTitle = Multipart()
            noTitle.fileBytes = Array("x".utf8)
            #expect(try await web.upload(noTitle, token: token).errorCode == "invalid_title")

            var unknown = Multipart()
            unknown.field("title", "T")
            unknown.field("owner", "me")
            unknown.fileBytes = Array("x".utf8)
            #expect(try await web.upload(unknown, token: token).status == .badRequest)

            var badPeriod = Multipart()
            badPeriod.field("title", "T")
            badPeriod.field("period", "2026-06-30..2026-01-01")
            badPeriod.fileBytes = Array("x".utf8)
            #expect(try await web.upload(badPeriod, token: token).errorCode == "invalid_period")

            var cut = Multipart()
            cut.field("title", "Cut off")
            cut.fileBytes = Array(repeating: 66, count: 100_000)
            let cutResponse = try await web.upload(cut, token: token, truncated: true)
            #expect(cutResponse.status == .badRequest, "\(cutResponse.text)")

            let json = try await web.api(.post, "/api/v1/orgs/acme/evidence", token: token, json: #"{"title":"x"}"#)
            #expect(json.status == .unsupportedMediaType)

            var fine = Multipart()
            fine.field("title", "Viewer upload")
            fine.fileBytes = Array("x".utf8)
            #expect(try await web.upload(fine, token: try await web.fixtures.token(for: viewer)).status == .forbidden)

            // Nothing half-written: no items, and the spool is empty.
            #expect(try await web.api(.get, "/api/v1/orgs/acme/evidence", token: token).json["count"] as? Int == 0)
            let spool = web.evidence.blobs.spoolDirectory.path
            #expect((try? FileManager.default.contentsOfDirectory(atPath: spool))?.isEmpty ?? true)
        }
    }
}
