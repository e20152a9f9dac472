// Package wire is the JSON of the MOSIP Bio-SDK REST service, as the
// adapter (package mosip) sends it and the test server (package mosiptest)
// reads it. Every fact below was read in the public repositories named,
// at the commit named; nothing here is guessed.
//
// The service (mosip/biosdk-services, biosdk-services/src/main/java/io/
// mosip/biosdk/services/...):
//
//   - Routes (controller/MainController.java @0ae168d3): GET / answers
//     200 "Service is running... <date>"; POST /init, /match,
//     /check-quality, /extract-template, /convert-format, /segment, each
//     consuming and producing application/json.
//   - Request envelope (dto/RequestDto.java @59db5007): {"version",
//     "request"}; version is the spec version of the inner operation,
//     "1.0" (impl/spec_1_0/BioSdkServiceProviderImpl_V_1_0.java @0ae168d3,
//     BIOSDK_SERVICE_SPEC_VERSION), request the Base64 of the operation's
//     JSON. The service decodes it with java.util.Base64.getDecoder()
//     (utils/Utils.java @0ae168d3: the RFC 4648 basic alphabet, padding
//     accepted), the client encodes it with Base64.getEncoder() (padded):
//     mosip/biosdk-client biosdk-client/src/main/java/io/mosip/biosdk/
//     client/utils/Util.java @029f85b8, impl/spec_1_0/Client_V_1_0.java
//     @15b18a94 (generateNewRequestDto). There are no "id" or
//     "requesttime" fields.
//   - Match request (impl/spec_1_0/dto/request/MatchRequestDto.java
//     @dd99ac78): {"sample": BiometricRecord, "gallery": [BiometricRecord],
//     "modalitiesToMatch": [BiometricType], "flags": {string: string}}.
//     Unknown JSON properties are ignored (Utils.getObjectMapper:
//     FAIL_ON_UNKNOWN_PROPERTIES disabled).
//   - Response envelope (dto/ResponseDto.java @b5b00753, dto/ErrorDto.java
//     @b5b00753): {"version", "responsetime" (yyyy-MM-dd'T'HH:mm:ss.SSS'Z'),
//     "response", "errors": [{"code", "message"}]}. HTTP status is 200 even
//     when errors is populated (MainController: every catch answers
//     HttpStatus.OK), and "response" is then the empty string of the
//     template (generateResponseTemplate). Error codes: a version no
//     provider implements gives "BIO_SDK_001" (factory/
//     BioSdkServiceFactory.java @59db5007 throws utils/ErrorCode.java
//     @59db5007 NO_PROVIDERS); the provider's failures give the names of
//     constants/ErrorMessages.java @59db5007: BIOSDK_LIB_EXCEPTION (the
//     SDK threw, or the operation's JSON could not be read: the provider
//     parses it inside its try), INVALID_REQUEST_BODY (request not
//     Base64), and NO_BIOSDK_PROVIDER_FOUND, UNCHECKED_EXCEPTION.
//   - The match payload is the SDK's Response<MatchDecision[]>, so the
//     decisions nest twice: response.response[] (mosip/bio-utils
//     kernel-biometrics-api/src/main/java/io/mosip/kernel/biometrics/
//     model/Response.java @3e6c1555: statusCode, statusMessage, response;
//     sample answer: mosip/biosdk-client biosdk-client/src/test/resources/
//     match_success_not_match_response.json @0f102fe9). Status codes
//     (constants/ResponseStatus.java @59db5007): 200 OK, 401 invalid
//     input, 402 missing input, 403 quality check failed, 406 poor data
//     quality, 500 unknown error.
//
// The model (mosip/bio-utils, kernel-biometrics-api/src/main/java/io/
// mosip/kernel/biometrics/...), serialised by Jackson (enums by name):
//
//   - BiometricRecord (entities/BiometricRecord.java @6cb3db36): version,
//     cbeffversion, birInfo, segments [BIR], others.
//   - BIR (entities/BIR.java @8ee4bf4c): version, cbeffversion, birInfo,
//     bdbInfo, bdb, sb, birs, sbInfo, others; bdb and sb carry
//     @JsonFormat(shape = ARRAY): a JSON array of signed bytes (-128..127),
//     which is also what ByteArrayToIntArraySerializer @123f7178 writes
//     (signed by default). IntArrayToByteArrayDeserializer @10b7bcc4 also
//     takes a Base64 string.
//   - VersionType (entities/VersionType.java @3e6c1555): {major, minor}.
//   - BIRInfo (entities/BIRInfo.java @29db256b): creator, index, payload,
//     integrity, creationDate, notValidBefore, notValidAfter.
//   - BDBInfo (entities/BDBInfo.java @7ffcc802, read at 08b7505f):
//     challengeResponse, index, format, encryption, creationDate,
//     notValidBefore, notValidAfter, type [BiometricType], subtype
//     [string], level, product, captureDevice, featureExtractionAlgorithm,
//     comparisonAlgorithm, compressionAlgorithm, purpose, quality.
//     Dates are written {"date": {year, month, day}, "time": {hour, minute,
//     second, nano}} (LocalDateTimeToDateTimeObjectSerializer @123f7178);
//     the reader also takes ISO strings, epoch milliseconds and 7-number
//     arrays (DateTimeObjectToLocalDateTimeDeserializer @37e0bb2e).
//   - RegistryIDType (entities/RegistryIDType.java @6cb3db36):
//     {organization, type}. MOSIP's BDB format identifiers (IBIA patron
//     257): organization "Mosip", type "7" finger image (ISO/IEC
//     19794-4:2011), "2" finger minutiae, "8" face image, "9" iris image
//     (mosip/documentation docs/CBEFF-XML.md @762acf4f).
//   - BiometricType (constant/BiometricType.java @3e6c1555): FINGER, FACE,
//     IRIS, ... (Jackson writes the enum name). Subtypes
//     (entities/SingleAnySubtypeType.java @5ad0dcfa): "Left", "Right",
//     "Thumb", "IndexFinger", "MiddleFinger", "RingFinger", "LittleFinger";
//     a finger is ["Right", "IndexFinger"], an eye ["Left"].
//   - ProcessedLevelType (@63ae81a6): RAW, INTERMEDIATE, PROCESSED.
//     PurposeType (@3e6c1555): VERIFY, IDENTIFY, ENROLL, ENROLLVERIFY,
//     ENROLLIDENTIFY, AUDIT.
//   - MatchDecision (model/MatchDecision.java @57f7efb0): galleryIndex,
//     decisions {BiometricType: Decision}, analyticsInfo {string: string}.
//     Decision (model/Decision.java @5a4e9850): match, errors [string],
//     analyticsInfo {string: string}. Match (constant/Match.java
//     @6cb3db36): MATCHED, NOT_MATCHED, ERROR.
package wire
