// Package faults holds the fault-injection tests of the pipeline, run by
// `make test` and `make faults`: ingest killed with SIGKILL in the middle of
// the stream, the Kafka broker stopped and started mid-stream, two ingest
// members sharing one consumer group. Each ends by counting what analysts
// see: exactly the expected distinct documents and no duplicates. Store
// outages and poison messages are tested in package ingest.
//
// It has no code of its own beyond what the tests share.
package faults
