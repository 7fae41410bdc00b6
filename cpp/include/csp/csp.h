// csp: Composable Stream Processing. Include this header for the whole C++ API.
//
//   csp/core/     time types, exceptions, value formatting, structs
//   csp/engine/   the engine: scheduler, time series, nodes, adapters
//   csp/api/      building and running graphs: sources, make_node, baselib, math
#pragma once

#include "csp/api/baselib.h"
#include "csp/api/dynamic.h"
#include "csp/api/graph.h"
#include "csp/api/make_node.h"
#include "csp/api/math.h"
#include "csp/api/sources.h"
#include "csp/core/exceptions.h"
#include "csp/core/format.h"
#include "csp/core/struct.h"
#include "csp/core/time.h"
#include "csp/engine/adapter_manager.h"
#include "csp/engine/alarm.h"
#include "csp/engine/basket.h"
#include "csp/engine/dynamic.h"
#include "csp/engine/dynamic_basket.h"
#include "csp/engine/engine.h"
#include "csp/engine/feedback.h"
#include "csp/engine/graph_output.h"
#include "csp/engine/node.h"
#include "csp/engine/output_adapter.h"
#include "csp/engine/pull_adapter.h"
#include "csp/engine/push_adapter.h"
#include "csp/engine/push_pull_adapter.h"
