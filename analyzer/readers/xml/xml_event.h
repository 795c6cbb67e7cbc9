// Event XML (the event schema of wevtutil, Event Viewer and python-evtx) to Event.
//
//   pugi::xml_document doc; doc.load_buffer_inplace(buf, n, kXmlEventParseOptions);
//   XmlEventScratch scratch;
//   Event ev;
//   Status s = EventFromXml(doc.child("Event"), scratch, ev);
//
// Accepts the Windows dialect (SystemTime "…T…Z", RenderingInfo) and python-evtx's
// ("2017-07-12 17:16:28.214161", empty Qualifiers), any namespace prefix, EventData with
// named or positional <Data>, <Binary> (hex), and UserData (each leaf element of the
// UserData child becomes a field named after the element).
// The Event's views point into the pugixml document and into `scratch`; both must
// outlive the Event. Not thread-safe per scratch.
#ifndef LOGRX_READERS_XML_XML_EVENT_H_
#define LOGRX_READERS_XML_XML_EVENT_H_

#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "core/arena.h"
#include "core/event.h"
#include "core/status.h"

namespace logrx::readers {

struct XmlEventScratch {
  std::vector<Field> fields;
  Arena arena{4096};
  // Problems that did not cost the event (an undecodable <Binary>); cleared per call.
  std::vector<std::string> warnings;
};

// The pugixml options EventFromXml expects: elements, attributes, text, CDATA, entities,
// EOL normalisation; comments, PIs and DOCTYPE are skipped; a whitespace-only value such
// as <Data> </Data> is kept.
inline constexpr unsigned kXmlEventParseOptions =
    pugi::parse_default | pugi::parse_ws_pcdata_single;

// Returns kCorrupt (message without file/line; the caller adds them) when the element is
// not an <Event>, has no <System> or <EventID>, or a System number (EventID, Qualifiers,
// Version, Level, Task, Opcode, Keywords, EventRecordID, ProcessID, ThreadID) is present
// but not a number that fits its field, or SystemTime is not a time. Absent or empty
// optional fields keep their defaults. <Binary> is hex (Windows) or base64 (python-evtx);
// one that is neither is dropped with a warning in scratch.warnings. An empty RenderingInfo
// <Message> counts as no message. Element text joins all its text/CDATA runs. Unknown
// elements are ignored. Leaves format/where for the caller.
Status EventFromXml(pugi::xml_node event, XmlEventScratch& scratch, Event& out);

// Local name without a namespace prefix: "e:Event" -> "Event".
std::string_view LocalName(const pugi::xml_node& node) noexcept;

}  // namespace logrx::readers

#endif  // LOGRX_READERS_XML_XML_EVENT_H_
