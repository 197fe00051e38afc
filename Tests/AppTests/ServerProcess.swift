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
        port = try Self.freePort()
        process.executableURL = Executable.url
        process.arguments = ["serve", "--port", String(port)] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// A port nobody listens on: bind to port 0, read what the system chose, let it go.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) } }
        guard bound == 0 else { throw CocoaError(.fileWriteUnknown) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func waitUntilHealthy() async throws {
        for _ in 0..<150 {
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: base + "/healthz")!),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CocoaError(.fileReadUnknown)
    }

    func kill9() async {
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    /// Asks the server to stop (SIGTERM) without blocking the caller.
    func stop() {
        if process.isRunning { process.terminate() }
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
            let evidence = object["evidence"] as? [String: Any]
        else { return nil }
        return evidence["sha256"] as? String
    }
}

/// Random bytes for uploads.
func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}
