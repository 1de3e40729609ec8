#include "html_page.hpp"

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "sim/runtime/install_paths.hpp"

namespace syncsim::reports {

using nlohmann::json;

namespace {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

// Inline markup: **bold** and `code`.
std::string inline_md(const std::string& s) {
  std::string e = escape_html(s), o;
  bool bold = false, code = false;
  for (std::size_t i = 0; i < e.size(); ++i) {
    if (e[i] == '*' && i + 1 < e.size() && e[i + 1] == '*') {
      o += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
    } else if (e[i] == '`') {
      o += code ? "</code>" : "<code>";
      code = !code;
    } else {
      o += e[i];
    }
  }
  if (bold) o += "</strong>";
  if (code) o += "</code>";
  return o;
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '|') {
      const auto b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
      out.push_back(b == std::string::npos ? "" : cur.substr(b, e - b + 1));
      cur.clear();
    } else {
      cur += line[i];
    }
  }
  return out;
}

}  // namespace

std::string escape_html(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string markdown_to_html(const std::string& md) {
  std::string html;
  std::istringstream in(md);
  std::string line;
  bool inTable = false, header = false, inList = false;
  while (std::getline(in, line)) {
    const bool tableLine = !line.empty() && line[0] == '|';
    const bool listLine = line.rfind("- ", 0) == 0;
    if (inTable && !tableLine) {
      html += "</table>\n";
      inTable = false;
    }
    if (inList && !listLine) {
      html += "</ul>\n";
      inList = false;
    }
    if (tableLine) {
      if (!inTable) {
        html += "<table>\n";
        inTable = header = true;
      }
      if (line.find("|---") == 0) continue;
      html += "<tr>";
      for (const auto& c : cells(line)) html += (header ? "<th>" : "<td>") + inline_md(c) + (header ? "</th>" : "</td>");
      html += "</tr>\n";
      header = false;
    } else if (listLine) {
      if (!inList) html += "<ul>\n";
      inList = true;
      html += "<li>" + inline_md(line.substr(2)) + "</li>\n";
    } else if (line.rfind("### ", 0) == 0) {
      html += "<h3>" + inline_md(line.substr(4)) + "</h3>\n";
    } else if (line.rfind("## ", 0) == 0) {
      html += "<h2>" + inline_md(line.substr(3)) + "</h2>\n";
    } else if (line.rfind("# ", 0) == 0) {
      html += "<h1>" + inline_md(line.substr(2)) + "</h1>\n";
    } else if (!line.empty()) {
      html += "<p>" + inline_md(line) + "</p>\n";
    }
  }
  if (inTable) html += "</table>\n";
  if (inList) html += "</ul>\n";
  return html;
}

std::string default_web_dir() {
  if (const char* env = std::getenv("SYNCSIM_WEB_DIR")) return env;
  return sim::data_path("web", SYNCSIM_WEB_DIR);
}

std::optional<WebAssets> WebAssets::load(const std::string& dir, std::string& error) {
  WebAssets a;
  const std::pair<std::string*, const char*> files[] = {{&a.vega, "vega/build/vega.min.js"},
                                                        {&a.vegaLite, "vega-lite/build/vega-lite.min.js"},
                                                        {&a.vegaEmbed, "vega-embed/build/vega-embed.min.js"}};
  for (const auto& [dst, rel] : files) {
    if (!read_file(dir + "/" + rel, *dst)) {
      error = fmt::format("cannot read {}/{} (the chart libraries; run ./scripts/setup.sh, or set SYNCSIM_WEB_DIR)", dir, rel);
      return std::nullopt;
    }
  }
  return a;
}

json strategy_color_scale(const std::vector<std::string>& strategies) {
  static const std::map<std::string, std::string> fixed = {
      {"baseline", "#7f7f7f"}, {"approach1", "#e08214"}, {"approach2", "#2c7bb6"}, {"hardened", "#1a9641"}};
  static const char* const others[] = {"#9e3d9e", "#d7191c", "#8c564b", "#17becf", "#bcbd22", "#e377c2"};
  json domain = json::array(), range = json::array();
  std::size_t next = 0;
  for (const auto& s : strategies) {
    domain.push_back(s);
    auto it = fixed.find(s);
    range.push_back(it != fixed.end() ? it->second : others[next++ % std::size(others)]);
  }
  return {{"domain", domain}, {"range", range}};
}

json chart_base(const std::string& title) {
  return {{"$schema", "https://vega.github.io/schema/vega-lite/v6.json"}, {"title", title}};
}

std::string html_page(const std::string& title, const std::string& bodyHtml, const json& specs, const std::string& footerHtml,
                      const WebAssets& assets) {
  std::string h;
  h += "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + escape_html(title) + "</title>\n";
  // Charts are sized by their container ("width": "container"), so a page at 800 px keeps
  // every legend inside; wide tables scroll inside their own box instead of the page.
  h += "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
       "table{border-collapse:collapse;margin:1em 0;font-size:13px;display:block;overflow-x:auto;max-width:100%}"
       "th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
       "th{background:#f3f3f3}.chart{margin:2em 0;min-height:100px;width:100%}code{background:#f3f3f3;padding:0 3px}"
       "li{margin:.2em 0}#errors{color:#b00}</style>\n";
  h += "<script>window.__errors=[];window.addEventListener('error',function(e){window.__errors.push(String(e.message));});</script>\n";
  h += "<script>" + assets.vega + "</script>\n<script>" + assets.vegaLite + "</script>\n<script>" + assets.vegaEmbed + "</script>\n";
  h += "</head>\n<body>\n";
  h += bodyHtml;
  for (auto it = specs.begin(); it != specs.end(); ++it) {
    const std::string div = "<div class=\"chart\" id=\"" + it.key() + "\"></div>";
    if (bodyHtml.find(div) == std::string::npos) h += div + "\n";  // not placed in the body already
  }
  h += "<pre id=\"errors\"></pre>\n";
  // The specs as JSON inside a script: escape '<' so no sequence can close the element.
  std::string safe;
  for (char c : specs.dump()) safe += c == '<' ? std::string("\\u003c") : std::string(1, c);
  h += "<script>\nconst specs = " + safe + ";\n";
  h += "Promise.all(Object.keys(specs).map(function(id){return vegaEmbed('#'+id, specs[id], {actions:false, renderer:'svg'});}))"
       ".then(function(){document.body.dataset.rendered=String(Object.keys(specs).length);})"
       ".catch(function(e){window.__errors.push(String(e));document.body.dataset.rendered='error';})"
       ".finally(function(){document.getElementById('errors').textContent=window.__errors.join('\\n');});\n</script>\n";
  h += footerHtml;
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace syncsim::reports
