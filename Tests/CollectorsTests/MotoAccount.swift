import AWSSigning
import Foundation
import Testing

/// An AWS account of its own in moto's server, seeded by `scripts/collectors/seed-moto-aws.py` (the
/// script the benchmark uses) and reached through an assumed role, so tests never see each other's
/// buckets. Present when `ATTEST_TEST_MOTO_ENDPOINT` names a moto server of the collector tests'
/// own (`.ci/run` starts one beside the S3 tests' server).
struct MotoAccount: Sendable {
    let endpoint: URL
    let account: String
    let credentials: AWSCredentials
    /// The raw secret and token, for tests that store them (a connection) rather than sign with them.
    let secretAccessKey: String
    let sessionToken: String?

    static var endpoint: URL? {
        ProcessInfo.processInfo.environment["ATTEST_TEST_MOTO_ENDPOINT"].flatMap(URL.init(string:))
    }

    static var available: Bool { endpoint != nil }

    /// A fresh account, seeded at `scale` (1: about 30 users, 11 buckets, 10 security groups).
    /// A failed seed starts over in a new account.
    static func seeded(scale: Int = 1) throws -> MotoAccount {
        var failure: (any Error)?
        for _ in 0..<3 {
            do { return try seed(scale: scale) } catch { failure = error }
        }
        throw failure!
    }

    static func seed(scale: Int) throws -> MotoAccount {
        guard let endpoint else { throw SeedFailure(message: "ATTEST_TEST_MOTO_ENDPOINT is not set") }
        // Twelve digits; moto answers for its default account when the id is not one.
        let account = String(Int.random(in: 200_000_000_000...899_999_999_999))
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/collectors/seed-moto-aws.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--endpoint", endpoint.absoluteString, "--account", account, "--scale", String(scale)]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let failure = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let fields = try JSONSerialization.jsonObject(with: data) as? [String: String],
            let key = fields["access_key_id"], let secret = fields["secret_access_key"]
        else {
            throw SeedFailure(message: "seeding failed: \(String(decoding: failure.suffix(2000), as: UTF8.self))")
        }
        return MotoAccount(
            endpoint: endpoint, account: account,
            credentials: AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: fields["session_token"]),
            secretAccessKey: secret, sessionToken: fields["session_token"])
    }

    struct SeedFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}

/// Every test that talks to moto, one at a time, on a server no other test uses, so a run sees only
/// what its own seed made.
@Suite(.serialized) enum MotoTests {}
