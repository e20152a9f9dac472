module github.com/biogate/biogate

go 1.26.0

require (
	github.com/santhosh-tekuri/jsonschema/v5 v5.3.1
	golang.org/x/image v0.48.0
)

require github.com/beevik/etree v1.8.1 // indirect
