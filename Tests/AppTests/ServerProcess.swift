import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `attest serve` process on a free port, for tests that need one (crashes, two servers).
final class ServerProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    init(arguments: [String], environment: [String: String] = [:]) throws {
        port = Int.random(in: 20_000..<60_000)
        process.executableURL = Executable.url
        process.arguments = ["serve", "--port", String(port)] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    func waitUntilHealthy() async throws {
        for _ in 0..<150 {
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: base + "/healthz")!),
               (response as? HTTPURLResponse)?.statusCode == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CocoaError(.fileReadUnknown)
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Uploads `bytes` as new evidence; returns the acknowledged sha256, or nil when not acknowledged.
    func upload(_ bytes: [UInt8], title: String, org: String, token: String) async -> String? {
        let boundary = "b\(UUID().uuidString)"
        var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n\(title)\r\n".utf8)
        body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(title).bin\"\r\n\r\n".utf8)
        body += Data(bytes)
        body += Data("\r\n--\(boundary)--\r\n".utf8)
        var request = URLRequest(url: URL(string: "\(base)/api/v1/orgs/\(org)/evidence")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
        guard let (data, response) = try? await URLSession.shared.upload(for: request, from: body),
              (response as? HTTPURLResponse)?.statusCode == 201,
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let evidence = object["evidence"] as? [String: Any] else { return nil }
        return evidence["sha256"] as? String
    }
}

/// Random bytes for uploads.
func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}
