import ComplianceCore
import Foundation

/// Prints HTML to PDF with headless Chromium, when it is installed.
public struct PDFRenderer: Sendable {
    public let executable: String

    /// Finds Chromium on PATH (or `ATTEST_CHROMIUM`); the error names the package to install.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws(DomainError) -> PDFRenderer {
        if let configured = environment["ATTEST_CHROMIUM"], FileManager.default.isExecutableFile(atPath: configured) {
            return PDFRenderer(executable: configured)
        }
        let path = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"] {
            for directory in path where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
                return PDFRenderer(executable: "\(directory)/\(name)")
            }
        }
        throw DomainError(
            .conflict, code: "pdf_unavailable",
            "PDF output needs headless Chromium, which is not installed: install the Debian package 'chromium' (apt-get install chromium) or set ATTEST_CHROMIUM."
        )
    }

    /// At most two Chromium processes at once for the whole server, whoever asks (twelve concurrent
    /// renders once started twelve browsers).
    static let queue = PrintQueue(concurrent: 2, waiting: 16, patience: .seconds(30))
    /// A print that takes longer than this is stopped.
    static let timeout: Duration = .seconds(60)

    /// Writes the page to a private temporary directory, prints it, and returns the PDF's bytes.
    /// Waits for a free printer slot; answers "busy" (503 with Retry-After) when the queue is full
    /// or the wait runs out.
    public func pdf(html: String) async throws -> Data {
        try await Self.queue.acquire()
        defer { Task { await Self.queue.release() } }
        return try await print(html: html)
    }

    private func print(html: String) async throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attest-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = directory.appendingPathComponent("page.html")
        let output = directory.appendingPathComponent("out.pdf")
        try Data(html.utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--disable-dev-shm-usage",
            "--user-data-dir=\(directory.appendingPathComponent("profile").path)",
            "--print-to-pdf=\(output.path)", page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        // A hung browser is killed; the termination handler then resumes the wait below.
        let watchdog = Task {
            try await Task.sleep(for: Self.timeout)
            if process.isRunning { process.terminate() }
        }
        defer { watchdog.cancel() }
        // Wait on the process's own thread, never on Swift concurrency's small pool.
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0, let data = try? Data(contentsOf: output), data.starts(with: Array("%PDF".utf8)) else {
            throw DomainError(.conflict, code: "pdf_failed", "Chromium could not print the page to PDF (exit status \(status)).")
        }
        return data
    }
}
