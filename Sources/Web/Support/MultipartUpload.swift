import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// Receives a `multipart/form-data` upload as it streams: the file part goes straight into a
/// `BlobSpool` (hashed on the way, never held in memory), small text fields are kept.
struct MultipartUpload {
    var fields: [String: String] = [:]
    var file: SpooledBlob?
    var fileName = ""

    static let fieldLimit = 64 * 1024
    static let fieldCountLimit = 32

    /// The handler that received the upload owns its spool file and calls this in a `defer`.
    func discard() {
        file?.discard()
    }

    static func receive(_ request: Request, spoolDirectory: URL, limit: Int64) async throws -> MultipartUpload {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data"), let boundary = Self.parameter("boundary", in: contentType), !boundary.isEmpty
        else {
            throw PublicError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: "Send the evidence as multipart/form-data with a 'file' part.")
        }
        let state = State()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer, spoolDirectory: spoolDirectory, limit: limit) }
        parser.onPartComplete = { state.partComplete() }
        do {
            for try await buffer in request.body {
                do { try parser.execute(buffer) } catch {
                    throw DomainError.invalid("body", "the multipart body is malformed.")
                }
                if let failure = state.failure { throw failure }
            }
        } catch let error as BlobError {
            throw error.domainError
        } catch let error as DomainError {
            throw error
        } catch {
            throw DomainError.invalid("body", "the upload was cut off before it finished (\(error)).")
        }
        guard state.finished else { throw DomainError.invalid("body", "the upload was cut off before it finished.") }
        return MultipartUpload(fields: state.fields, file: state.spooled, fileName: state.fileName)
    }

    /// Reads `name=value` or `name="value"` from a header like `form-data; name="file"; filename="a.pdf"`.
    static func parameter(_ name: String, in header: String) -> String? {
        for part in header.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    /// Parser callbacks cannot throw; they record the first failure here instead.
    final class State {
        var fields: [String: String] = [:]
        var fileName = ""
        var spooled: SpooledBlob?
        var failure: (any Error)?
        var finished = false
        private var disposition = ""
        private var fieldBytes: [UInt8] = []
        private var spool: BlobSpool?

        func header(_ name: String, _ value: String) {
            if name.lowercased() == "content-disposition" { disposition = value }
        }

        func body(_ buffer: inout ByteBuffer, spoolDirectory: URL, limit: Int64) {
            guard failure == nil else { return }
            let partName = MultipartUpload.parameter("name", in: disposition) ?? ""
            if let name = MultipartUpload.parameter("filename", in: disposition), partName == "file" {
                do {
                    if spool == nil {
                        guard spooled == nil else { throw DomainError.invalid("file", "send one file per upload.") }
                        spool = try BlobSpool(directory: spoolDirectory, limit: limit)
                        fileName = name
                    }
                    try buffer.withUnsafeReadableBytes { bytes in try spool!.write(bytes) }
                } catch {
                    failure = error
                }
            } else {
                fieldBytes += buffer.readableBytesView
                if fieldBytes.count > MultipartUpload.fieldLimit {
                    failure = DomainError.invalid(partName.isEmpty ? "body" : partName, "is longer than \(MultipartUpload.fieldLimit / 1024) KiB.")
                }
            }
        }

        func partComplete() {
            defer {
                disposition = ""
                fieldBytes = []
                finished = true
            }
            guard failure == nil else { return }
            if let spool {
                do { spooled = try spool.finish() } catch { failure = error }
                self.spool = nil
            } else if let name = MultipartUpload.parameter("name", in: disposition) {
                if MultipartUpload.parameter("filename", in: disposition) != nil, name == "file" {
                    failure = BlobError.empty
                    return
                }
                // Fields are kept in memory: bounded in number as well as in size.
                guard fields.count < MultipartUpload.fieldCountLimit else {
                    failure = DomainError.invalid("body", "has more than \(MultipartUpload.fieldCountLimit) fields.")
                    return
                }
                fields[name] = String(decoding: fieldBytes, as: UTF8.self)
            }
        }
    }
}
