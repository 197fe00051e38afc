import ComplianceCore
import Foundation
import NIOHTTP1

extension S3BlobStore {
    /// CreateMultipartUpload, UploadPart for each `partSize` slice of the spool file, then
    /// CompleteMultipartUpload; on any failure the upload is aborted so no parts linger.
    func multipartUpload(_ blob: SpooledBlob) async throws {
        let objectKey = key(blob.sha256)
        let created = try await send("POST", key: objectKey, query: [("uploads", "")], body: [], expect: [200])
        guard let uploadID = S3Failure.tag("UploadId", in: String(decoding: created.body, as: UTF8.self)) else {
            throw BlobError.remote("S3 did not return an upload id for \(objectKey).")
        }
        do {
            let handle = try FileHandle(forReadingFrom: blob.file)
            defer { try? handle.close() }
            var parts: [(Int, String)] = []
            var number = 1
            while let data = try handle.read(upToCount: configuration.partSize), !data.isEmpty {
                let reply = try await send(
                    "PUT", key: objectKey, query: [("partNumber", String(number)), ("uploadId", uploadID)],
                    body: Array(data), expect: [200])
                guard let etag = reply.headers.first(name: "etag") else { throw BlobError.remote("S3 returned no ETag for part \(number).") }
                parts.append((number, etag))
                number += 1
            }
            let xml =
                "<CompleteMultipartUpload>" + parts.map { "<Part><PartNumber>\($0.0)</PartNumber><ETag>\($0.1)</ETag></Part>" }.joined()
                + "</CompleteMultipartUpload>"
            let done = try await send("POST", key: objectKey, query: [("uploadId", uploadID)], body: Array(xml.utf8), expect: [200])
            // S3 may answer 200 with an error document when completion fails late.
            if String(decoding: done.body, as: UTF8.self).contains("<Error>") {
                throw S3Failure(operation: "complete upload of \(objectKey)", response: Reply(status: 500, headers: done.headers, body: done.body))
                    .error
            }
        } catch {
            _ = try? await request("DELETE", key: objectKey, query: [("uploadId", uploadID)], body: [])
            throw error
        }
    }
}
