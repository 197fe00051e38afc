import ArgumentParser
import AsyncHTTPClient
import ComplianceCore
import Foundation
import NIOCore
import NIOHTTP1

/// A document the operator names by file or URL (a checkpoint, a key list): read with a size cap
/// and, for a URL, a timeout, because what comes from outside is hostile until checked.
enum OutsideDocument {
    static let maxBytes = 1 << 20

    static func read(_ location: String, what: String) async throws -> [UInt8] {
        if location.hasPrefix("https://") || location.hasPrefix("http://") {
            let response: HTTPClientResponse
            do {
                response = try await HTTPClient.shared.execute(HTTPClientRequest(url: location), timeout: .seconds(15))
            } catch {
                throw ValidationError("Cannot fetch the \(what) from \(location): \(error).")
            }
            guard response.status == .ok else { throw ValidationError("\(location) answered \(response.status.code) for the \(what).") }
            do {
                return Array(buffer: try await response.body.collect(upTo: maxBytes))
            } catch {
                throw ValidationError("The \(what) at \(location) is larger than \(maxBytes) bytes.")
            }
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: location),
            let size = attributes[.size] as? Int
        else { throw ValidationError("Cannot read the \(what) '\(location)'.") }
        guard size <= maxBytes else { throw ValidationError("The \(what) '\(location)' is larger than \(maxBytes) bytes.") }
        guard let data = FileManager.default.contents(atPath: location) else { throw ValidationError("Cannot read the \(what) '\(location)'.") }
        return Array(data)
    }

    /// A key list as served at `/.well-known/attest/keys/{org}`.
    static func keyList(_ location: String) async throws -> PublishedKeyList {
        let bytes = try await read(location, what: "key list")
        do { return try CanonicalJSON.decoder.decode(PublishedKeyList.self, from: Data(bytes)) } catch {
            throw ValidationError("'\(location)' is not an Attest key list (\(PublishedKeyList.formatName)): \(error)")
        }
    }
}
