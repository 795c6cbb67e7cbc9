// XmlDataFile: one of logrx's own XML data files (rules, KB, message templates) parsed
// with pugixml, with every error located by file and line.
//
//   XmlDataFile f("rules/base.xml", text);
//   LOGRX_RETURN_IF_ERROR(f.Parse());   // "rules/base.xml:3: not well-formed XML: ..."
//   if (bad) return f.Error(node, "unknown element <x>");   // "rules/base.xml:12: unknown ..."
//
// The text is copied into pugixml's own buffer, so node offsets map to `text` while it
// lives, and nodes stay valid as long as the XmlDataFile. Errors are kInvalidArgument
// (the file's author has to fix them) and carry a FileLoc. Not thread-safe while parsing;
// lookups on a parsed file are const.
#ifndef LOGRX_CORE_XML_DATA_FILE_H_
#define LOGRX_CORE_XML_DATA_FILE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <pugixml.hpp>

#include "core/line_index.h"
#include "core/status.h"

namespace logrx {

class XmlDataFile {
 public:
  // REQUIRES: `text` outlives this object.
  XmlDataFile(std::string name, std::string_view text);
  XmlDataFile(const XmlDataFile&) = delete;
  XmlDataFile& operator=(const XmlDataFile&) = delete;

  // Parses the text (UTF-8 unless `encoding` says otherwise). On malformed XML returns
  // "<name>:<line>: not well-formed XML: <pugixml's description>".
  [[nodiscard]] Status Parse(unsigned options = pugi::parse_default,
                             pugi::xml_encoding encoding = pugi::encoding_utf8);

  const pugi::xml_document& document() const noexcept { return doc_; }
  pugi::xml_node root() const noexcept { return doc_.document_element(); }
  const std::string& name() const noexcept { return name_; }

  // 1-based line of a node of this document or of a byte offset in the text; 0 unknown.
  uint32_t LineOf(const pugi::xml_node& n) const noexcept { return lines_.LineOf(n.offset_debug()); }
  uint32_t LineOf(ptrdiff_t offset) const noexcept { return lines_.LineOf(offset); }
  FileLoc Loc(const pugi::xml_node& n) const;
  // kInvalidArgument "<name>:<line of n>: <what>".
  Status Error(const pugi::xml_node& n, std::string_view what) const;

 private:
  std::string name_;
  std::string_view text_;
  LineIndex lines_;
  pugi::xml_document doc_;
};

}  // namespace logrx

#endif  // LOGRX_CORE_XML_DATA_FILE_H_
