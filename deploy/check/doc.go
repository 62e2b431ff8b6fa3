// Package check validates the deploy files — the Dockerfile, the compose
// file and the Kubernetes manifests — with the tools of their own
// ecosystems, since no container engine or cluster runs where TrustWatch is
// built and tested: BuildKit's Dockerfile parser and linter, compose-go's
// loader (the Compose specification's JSON schema and its interpolation),
// and Kubernetes' API types (strict decoding: an unknown or mistyped field
// is an error). It is a module of its own so that these libraries never
// enter the product's dependencies; make test runs it.
package check
