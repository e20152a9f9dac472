package httpmatcher

import (
	"fmt"
	"regexp"
)

// Names of galleries and subjects (issue 13 design, "Names"): the same
// patterns as openapi.json's GalleryName and SubjectName.
var (
	galleryName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	subjectName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$`)
)

// checkGallery says why name cannot be a gallery's name, nil when it can.
func checkGallery(name string) error {
	if !galleryName.MatchString(name) {
		return fmt.Errorf("gallery name %.80q does not match %s", name, galleryName)
	}
	return nil
}

// checkSubject says why name cannot be a subject's name, nil when it can.
func checkSubject(name string) error {
	if !subjectName.MatchString(name) {
		return fmt.Errorf("subject name %.140q does not match %s", name, subjectName)
	}
	return nil
}
