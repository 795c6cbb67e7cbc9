#include "core/xml_data_file.h"

#include <utility>

#include <fmt/format.h>

namespace logrx {

XmlDataFile::XmlDataFile(std::string name, std::string_view text)
    : name_(std::move(name)), text_(text), lines_(text) {}

Status XmlDataFile::Parse(unsigned options, pugi::xml_encoding encoding) {
  // A plain load (not in place): pugixml keeps its own copy, offsets map to text_.
  const pugi::xml_parse_result r = doc_.load_buffer(text_.data(), text_.size(), options, encoding);
  if (r) return Status::Ok();
  FileLoc at{name_, kNoOffset, lines_.LineOf(r.offset)};
  if (r.offset >= 0) at.offset = static_cast<uint64_t>(r.offset);
  return Status::At(StatusCode::kInvalidArgument, std::move(at),
                    fmt::format("not well-formed XML: {}", r.description()));
}

FileLoc XmlDataFile::Loc(const pugi::xml_node& n) const {
  FileLoc at{name_, kNoOffset, LineOf(n)};
  if (n.offset_debug() >= 0) at.offset = static_cast<uint64_t>(n.offset_debug());
  return at;
}

Status XmlDataFile::Error(const pugi::xml_node& n, std::string_view what) const {
  return Status::At(StatusCode::kInvalidArgument, Loc(n), what);
}

}  // namespace logrx
