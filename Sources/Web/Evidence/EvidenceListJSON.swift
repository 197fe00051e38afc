import ComplianceCore
import Foundation

/// Writes the evidence list with `JSONWriter`: the same document `EvidenceListResponse` encodes,
/// quickly enough for organisations with tens of thousands of items.
enum EvidenceListJSON {
    static func write(_ items: [EvidenceItem], asOf: Date?, now: Date) -> [UInt8] {
        var writer = JSONWriter(capacity: items.count * 700 + 64)
        writer.beginObject()
        writer.key("count")
        writer.number(items.count)
        writer.field("as_of", asOf)
        writer.key("evidence")
        writer.beginArray()
        for item in items { write(item, now: now, into: &writer) }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    static func write(_ item: EvidenceItem, now: Date, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.string(item.id.uuidString)
        writer.key("title")
        writer.string(item.title)
        writer.key("description")
        writer.string(item.description)
        writer.key("controls")
        writer.strings(item.controls)
        writer.key("criteria")
        writer.strings(item.criteria)
        writer.key("requests")
        writer.strings(item.requests)
        writer.field("frequency", item.frequency?.rawValue)
        writer.key("status")
        writer.string(item.status.rawValue)
        writer.field("reviewer", item.reviewer)
        writer.field("review_comment", item.reviewComment)
        writer.key("created_at")
        writer.date(item.createdAt)
        writer.field("due_at", item.dueAt)
        writer.key("expired")
        writer.bool(item.isExpired(at: now))
        writer.field("sha256", item.latest?.sha256)
        if let version = item.latest {
            writer.key("latest_version")
            writer.beginObject()
            writer.key("number")
            writer.number(version.number)
            writer.key("sha256")
            writer.string(version.sha256)
            writer.key("size")
            writer.number(version.size)
            writer.key("content_type")
            writer.string(version.contentType)
            writer.key("file_name")
            writer.string(version.fileName)
            writer.field("period", version.period?.description)
            writer.key("source")
            writer.beginObject()
            writer.key("kind")
            writer.string(version.source.kind.rawValue)
            writer.key("actor")
            writer.string(version.source.actor)
            writer.field("collector", version.source.collector)
            writer.field("collector_version", version.source.collectorVersion)
            writer.field("method", version.source.method)
            writer.endObject()
            writer.field("row_count", version.rowCount)
            writer.key("created_at")
            writer.date(version.createdAt)
            writer.endObject()
        }
        writer.endObject()
    }
}
