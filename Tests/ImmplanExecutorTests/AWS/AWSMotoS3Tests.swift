import Foundation
import TestSupport
import Testing

@testable import ImmplanExecutor

extension AWSMotoTests {
  @Suite struct S3 {
    @Test(.requiresMoto) func conditionalWritesListAndDelete() async throws {
      let endpoint = try MotoEndpoint.required()
      let s3 = S3Client(configuration: AWSTestConfiguration.moto(endpoint: endpoint))
      let bucket = "immplan-state-\(UInt32.random(in: 0...UInt32.max))"
      try await s3.createBucket(bucket)
      let key = "envs/prod dir/ünïcode+state.json"

      #expect(try await s3.getObject(bucket: bucket, key: key) == nil)
      let first = try await s3.putObject(
        bucket: bucket, key: key, body: Array("{\"serial\":1}".utf8), condition: .ifNoneMatch)
      #expect(!first.isEmpty)
      // Create-once: a second create fails with AWS's PreconditionFailed.
      do {
        try await s3.putObject(bucket: bucket, key: key, body: Array("other".utf8), condition: .ifNoneMatch)
        Issue.record("expected PreconditionFailed")
      } catch {
        #expect(S3Client.isPreconditionFailure(error), "\(error)")
      }
      let read = try #require(try await s3.getObject(bucket: bucket, key: key))
      #expect(read.body == Array("{\"serial\":1}".utf8))
      #expect(read.etag == first)

      // Compare-and-swap on the ETag: the first writer wins, the stale one loses.
      let second = try await s3.putObject(
        bucket: bucket, key: key, body: Array("{\"serial\":2}".utf8), condition: .ifMatch(first))
      #expect(second != first)
      do {
        try await s3.putObject(
          bucket: bucket, key: key, body: Array("{\"serial\":99}".utf8), condition: .ifMatch(first))
        Issue.record("expected PreconditionFailed")
      } catch {
        #expect(S3Client.isPreconditionFailure(error), "\(error)")
      }
      #expect(try await s3.getObject(bucket: bucket, key: key)?.body == Array("{\"serial\":2}".utf8))

      for index in 0..<3 {
        try await s3.putObject(bucket: bucket, key: "envs/prod dir/journal/\(index)", body: [UInt8(index)])
      }
      let listed = try await s3.listObjects(bucket: bucket, prefix: "envs/prod dir/journal/")
      #expect(listed.map(\.key) == ["envs/prod dir/journal/0", "envs/prod dir/journal/1", "envs/prod dir/journal/2"])
      #expect(try await s3.listObjects(bucket: bucket, prefix: "envs/").count == 4)

      try await s3.deleteObject(bucket: bucket, key: key)
      #expect(try await s3.getObject(bucket: bucket, key: key) == nil)
      try await s3.deleteObject(bucket: bucket, key: key)  // deleting twice is fine
    }

    @Test(.requiresMoto) func missingBucketIsAClearError() async throws {
      let endpoint = try MotoEndpoint.required()
      let s3 = S3Client(configuration: AWSTestConfiguration.moto(endpoint: endpoint))
      do {
        _ = try await s3.getObject(bucket: "immplan-no-such-bucket-\(UInt32.random(in: 0...UInt32.max))", key: "k")
        Issue.record("expected NoSuchBucket")
      } catch {
        #expect(error.code == "NoSuchBucket")
      }
    }
  }
}
