package httpmatcher

import (
	"github.com/biogate/biogate/match/backend"
)

// The protocol's JSON bodies (openapi.json, components/schemas). They are
// the package's own types rather than package backend's, so that the wire
// stays what the document says whatever that package's JSON tags become.

// wireSample is a Sample: data is standard base64 (encoding/json's form of
// []byte, RFC 4648 section 4).
type wireSample struct {
	Format   string `json:"format"`
	Position int    `json:"position"`
	Data     []byte `json:"data"`
}

// samplesBody is the body of enrol, search and verify.
type samplesBody struct {
	Samples []wireSample `json:"samples"`
}

// searchAnswer is the answer of search.
type searchAnswer struct {
	Candidates []wireCandidate `json:"candidates"`
}

type wireCandidate struct {
	Subject  string  `json:"subject"`
	Score    float64 `json:"score"`
	Position int     `json:"position"`
}

// verifyAnswer is the answer of verify.
type verifyAnswer struct {
	Score     float64 `json:"score"`
	Match     bool    `json:"match"`
	Threshold float64 `json:"threshold"`
}

// healthAnswer is the answer of health.
type healthAnswer struct {
	OK       bool           `json:"ok"`
	Detail   string         `json:"detail,omitempty"`
	Subjects map[string]int `json:"subjects,omitempty"`
}

// capabilitiesAnswer is the answer of capabilities.
type capabilitiesAnswer struct {
	Modalities []string `json:"modalities"`
	Formats    []string `json:"formats"`
	Scores     bool     `json:"scores"`
}

// problemBody is an RFC 9457 problem details object.
type problemBody struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
}

func toWireSamples(s []backend.Sample) samplesBody {
	out := samplesBody{Samples: make([]wireSample, len(s))}
	for i, x := range s {
		out.Samples[i] = wireSample{Format: x.Format, Position: x.Position, Data: x.Data}
		if x.Data == nil {
			out.Samples[i].Data = []byte{} // "", not null: data is a string
		}
	}
	return out
}

func fromWireSamples(s []wireSample) []backend.Sample {
	out := make([]backend.Sample, len(s))
	for i, x := range s {
		out[i] = backend.Sample{Format: x.Format, Position: x.Position, Data: x.Data}
	}
	return out
}

func toWireCandidates(c []backend.Candidate) searchAnswer {
	out := searchAnswer{Candidates: make([]wireCandidate, len(c))}
	for i, x := range c {
		out.Candidates[i] = wireCandidate{Subject: x.Subject, Score: x.Score, Position: x.Position}
	}
	return out
}

func fromWireCandidates(a searchAnswer) []backend.Candidate {
	out := make([]backend.Candidate, len(a.Candidates))
	for i, x := range a.Candidates {
		out[i] = backend.Candidate{Subject: x.Subject, Score: x.Score, Position: x.Position}
	}
	return out
}

func toWireCapabilities(c backend.Capabilities) capabilitiesAnswer {
	out := capabilitiesAnswer{Modalities: make([]string, len(c.Modalities)), Formats: c.Formats, Scores: c.Scores}
	for i, m := range c.Modalities {
		out.Modalities[i] = string(m)
	}
	if out.Formats == nil {
		out.Formats = []string{}
	}
	return out
}

func fromWireCapabilities(a capabilitiesAnswer) backend.Capabilities {
	out := backend.Capabilities{Modalities: make([]backend.Modality, len(a.Modalities)), Formats: a.Formats, Scores: a.Scores}
	for i, m := range a.Modalities {
		out.Modalities[i] = backend.Modality(m)
	}
	return out
}
