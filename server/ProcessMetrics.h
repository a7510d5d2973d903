#pragma once

namespace OrderDesk {

class PrometheusWriter;

// The standard process_* metrics of Prometheus client libraries (CPU, memory, file
// descriptors, start time), read from /proc on each scrape: kernel memory, never a disk.
namespace ProcessMetrics {

void write(PrometheusWriter &out);

} // namespace ProcessMetrics

} // namespace OrderDesk
