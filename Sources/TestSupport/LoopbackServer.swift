import Foundation
import Hummingbird
import Logging

/// A real HTTP server on 127.0.0.1 for the length of `body`, on a port the system picks: the test
/// double for a remote service that fails (S3, AWS, a SaaS API), spoken to over real sockets.
public enum LoopbackServer {
    public static func run(_ router: Router<BasicRequestContext>, _ body: @Sendable (URL) async throws -> Void) async throws {
        var logger = Logger(label: "loopback-server")
        logger.logLevel = .critical
        // Port 0: the system picks a free port, and the server reports it once it listens.
        let (ports, announce) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in announce.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = ports.makeAsyncIterator()
            let port = await iterator.next() ?? 0
            try await body(URL(string: "http://127.0.0.1:\(port)")!)
            group.cancelAll()
        }
    }
}
