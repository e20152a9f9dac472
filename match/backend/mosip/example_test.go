package mosip_test

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/mosip"
	"github.com/biogate/biogate/match/backend/mosip/mosiptest"
	"github.com/biogate/biogate/store"
)

// An adapter to a Bio-SDK service (here the test server), its enrolments
// in the store: it takes images only, and answers decisions, not scores.
func Example() {
	sdk := mosiptest.NewServer(&mosiptest.Options{BasePath: "/biosdk-service"})
	defer sdk.Close()
	dir, _ := os.MkdirTemp("", "mosip-example")
	defer os.RemoveAll(dir)
	st, err := store.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer st.Close()
	b, err := mosip.New(sdk.URL+"/biosdk-service", st, mosip.Options{})
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()

	// An ISO/IEC 19794-2 minutiae record is not something the SDK takes.
	err = b.Enrol(context.Background(), "criminal", "A-1", []backend.Sample{{Format: backend.FingerMinutiae, Data: []byte("FMR\x00")}})
	fmt.Println(err)
	fmt.Println(b.Capabilities().Scores)
	// Output:
	// mosip-biosdk backend: enrol: subject "A-1": sample 1: format "iso19794-2:2011": the MOSIP Bio-SDK takes finger, face and iris images (iso19794-4:2011, iso19794-5:2011, iso19794-6:2011): not supported by the matching backend
	// false
}
