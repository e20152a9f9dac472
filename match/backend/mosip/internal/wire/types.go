package wire

import "encoding/json"

// SpecVersion is the spec version of the operation DTOs the service
// implements, sent as the envelope's "version".
const SpecVersion = "1.0"

// Routes, relative to the service's base URL.
const (
	RouteStatus = "/"
	RouteMatch  = "/match"
)

// BiometricType names (Jackson writes the enum constant's name).
const (
	Finger = "FINGER"
	Face   = "FACE"
	Iris   = "IRIS"
)

// Match decisions.
const (
	Matched    = "MATCHED"
	NotMatched = "NOT_MATCHED"
	Error      = "ERROR"
)

// Format organisation and types (MOSIP's BDB format identifiers).
const (
	FormatOrganization = "Mosip"
	FormatFingerImage  = "7"
	FormatFaceImage    = "8"
	FormatIrisImage    = "9"
)

// Levels and purposes.
const (
	LevelRaw        = "RAW"
	PurposeIdentify = "IDENTIFY"
	PurposeVerify   = "VERIFY"
	PurposeEnroll   = "ENROLL"
)

// Service error codes (ErrorMessages names).
const (
	CodeNoProvider = "NO_BIOSDK_PROVIDER_FOUND"
	// CodeNoProviders is what a version without a provider actually
	// answers: BioSdkServiceFactory throws ErrorCode.NO_PROVIDERS.
	CodeNoProviders        = "BIO_SDK_001"
	CodeLibException       = "BIOSDK_LIB_EXCEPTION"
	CodeInvalidRequestBody = "INVALID_REQUEST_BODY"
)

// SDK status codes (ResponseStatus).
const (
	StatusOK                 = 200
	StatusInvalidInput       = 401
	StatusMissingInput       = 402
	StatusQualityCheckFailed = 403
	StatusPoorDataQuality    = 406
)

// Envelope is RequestDto: the operation's JSON, Base64-encoded.
type Envelope struct {
	Version string `json:"version"`
	Request string `json:"request"`
}

// MatchRequest is MatchRequestDto.
type MatchRequest struct {
	Sample            BiometricRecord   `json:"sample"`
	Gallery           []BiometricRecord `json:"gallery"`
	ModalitiesToMatch []string          `json:"modalitiesToMatch"`
	Flags             map[string]string `json:"flags"`
}

// BiometricRecord is one person's record: a list of BIR segments.
type BiometricRecord struct {
	Version      *VersionType      `json:"version,omitempty"`
	CBEFFVersion *VersionType      `json:"cbeffversion,omitempty"`
	BIRInfo      *BIRInfo          `json:"birInfo,omitempty"`
	Segments     []BIR             `json:"segments"`
	Others       map[string]string `json:"others,omitempty"`
}

// BIR is one biometric information record: one finger, face or eye.
type BIR struct {
	Version      *VersionType      `json:"version,omitempty"`
	CBEFFVersion *VersionType      `json:"cbeffversion,omitempty"`
	BIRInfo      *BIRInfo          `json:"birInfo,omitempty"`
	BDBInfo      *BDBInfo          `json:"bdbInfo,omitempty"`
	BDB          SignedBytes       `json:"bdb"`
	Others       map[string]string `json:"others,omitempty"`
}

// VersionType is {major, minor}.
type VersionType struct {
	Major int `json:"major"`
	Minor int `json:"minor"`
}

// BIRInfo is the BIR header.
type BIRInfo struct {
	Creator      string    `json:"creator,omitempty"`
	Index        string    `json:"index,omitempty"`
	Integrity    *bool     `json:"integrity,omitempty"`
	CreationDate *DateTime `json:"creationDate,omitempty"`
}

// BDBInfo describes the biometric data block.
type BDBInfo struct {
	Index        string      `json:"index,omitempty"`
	Format       *RegistryID `json:"format,omitempty"`
	Encryption   *bool       `json:"encryption,omitempty"`
	CreationDate *DateTime   `json:"creationDate,omitempty"`
	Type         []string    `json:"type"`
	Subtype      []string    `json:"subtype"`
	Level        string      `json:"level,omitempty"`
	Purpose      string      `json:"purpose,omitempty"`
}

// RegistryID is RegistryIDType.
type RegistryID struct {
	Organization string `json:"organization"`
	Type         string `json:"type"`
}

// Response is ResponseDto: Response holds the operation's payload, or ""
// when Errors says why there is none.
type Response struct {
	Version      string          `json:"version"`
	ResponseTime string          `json:"responsetime"`
	Response     json.RawMessage `json:"response"`
	Errors       []ServiceError  `json:"errors"`
}

// ServiceError is ErrorDto.
type ServiceError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// MatchResponse is the SDK's Response<MatchDecision[]>.
type MatchResponse struct {
	StatusCode    *int            `json:"statusCode"`
	StatusMessage *string         `json:"statusMessage"`
	Response      []MatchDecision `json:"response"`
}

// MatchDecision is the decision for one gallery record.
type MatchDecision struct {
	GalleryIndex  int                 `json:"galleryIndex"`
	Decisions     map[string]Decision `json:"decisions"`
	AnalyticsInfo Analytics           `json:"analyticsInfo"`
}

// Decision is one modality's decision.
type Decision struct {
	Match         string    `json:"match"`
	Errors        []string  `json:"errors"`
	AnalyticsInfo Analytics `json:"analyticsInfo"`
}
