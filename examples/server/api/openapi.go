package api

import (
	_ "embed"
	"net/http"
)

// The OpenAPI document, openapi.json, is written by hand and is the
// contract; neither it nor the Go types are generated from the other.
// The types the API encodes are the library's own (aftersales.Request,
// complaint.Complaint, warranty.Warranty…), which the library's users
// embed without this server: generating them from the document
// (oapi-codegen) would make the library follow the server, or make the
// API copy every type into generated twins and map between them, a second
// copy of every type waiting to disagree. Generating the document from
// the types would lose what Go cannot say: the Chinese descriptions, the
// length limits of the library's rules, the valid values of each string
// type and the operations themselves.
//
// Instead the tests hold the two together, both ways:
// TestOpenAPIDescribesGoTypes binds every named schema to the Go type the
// API encodes or decodes for it (schemaTypes) and fails when a type has a
// field the document does not describe, the document describes a field
// the type does not have, a property has no description or the types
// disagree; every object schema forbids other properties, so validating
// every answer of the API tests (env.do) fails on an undocumented key even
// in the API's own maps; and env.do validates every request too. To
// document a new type, bind it in schemaTypes and run
// OPENAPI_SKELETON=/tmp/skeleton.json go test -run TestOpenAPISkeleton for
// the shape reflection gives it, then describe each property.
//
//go:embed openapi.json
var openapiJSON []byte

// OpenAPI returns the OpenAPI 3 document of the API.
func OpenAPI() []byte { return openapiJSON }

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(openapiJSON)
}
