import { AppError, BadUserInputError, ErrorCode, MAX_PAGE_SIZE } from '@jwh/platform';
import { GraphQLError, getNamedType, isCompositeType, isListType, isNonNullType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimatorArgs } from 'graphql-query-complexity';

/**
 * What an operation may fan out to, counted in rows (objects) before any subgraph is called.
 *
 * graphql-armor's cost grows by a fixed factor a level and ignores list sizes, so a cycle such as
 * community → grids → community → grids … passed it and made people-grids build a billion objects
 * (issue 13, S1). Here a list multiplies what is under it by its expected size: `first` where the
 * field is paginated (variables resolved), else the typical size declared below for the list.
 */

/** Rows of an unpaginated list, by schema coordinate: generous figures for a street of the seeds' size. */
export const LIST_SIZES: Readonly<Record<string, number | ((args: Record<string, unknown>) => number)>> = {
  'Query.communities': 20,
  // A community of 3,000 households has about ten small grids under a few big ones.
  'Community.grids': (a) => (a.level === 'BIG' ? 8 : 40),
  'Grid.children': 12,
  'Grid.workers': 3,
  'Grid.facilities': 40,
  // A community of 3,000 households in buildings of a few dozen; a large one (50,000 residents) more.
  'Community.buildings': 200,
  'Household.members': 8,
  'StaffMember.grids': 8,
  'StaffMember.posts': 8,
  'StaffMember.reviews': 50,
  'Query.staffMembers': 60,
  'Query.gridsOutOfRange': 40,
  'Query.householdMoves': 20,
  'Query.visitStats': 60,
  'Query.offDeskShares': 60,
  'Query.offDeskSummary': 60,
  'Query.workerScores': 60,
  'Query.serviceTypes': 60,
  'Query.matters': 60,
  'ServiceType.versions': 10,
  'Query.activities': 50,
  'Query.rooms': 30,
  'Query.volunteerTeams': 30,
  'VolunteerTeam.members': 50,
  'Volunteer.teams': 5,
  'Query.organizations': 60,
  'Query.alliances': 10,
  'Alliance.members': 30,
  'Organization.activities': 30,
  'Query.canteenCardHolders': 200,
  'CanteenMonth.redemptions': 200,
  'Query.jointMeetings': 20,
  'Mutation.scheduleJointMeetingSeries': 6,
  'JointMeeting.items': 20,
  'JointMeeting.units': 10,
  // A decision has 1–5 owner units, each with its part.
  'AgendaItem.parts': 5,
  'Query.openFollowUps': 20,
  'UnitFollowUps.items': 20,
  'Resident.signUps': 20,
  'Resident.suggestions': 20,
  'Resident.surveyResponses': 10,
  'SurveyResponse.answers': 20,
  'Query.surveyWaves': 20,
  'Query.surveys': 10,
  'Survey.questions': 20,
  'Query.audits': 20,
  'Audit.items': 60,
  'Audit.summary': 60,
  'Query.representativeMeetings': 10,
  'RepresentativeMeeting.workers': 60,
  'RepresentativeMeeting.results': 60,
  'Query.selfAssessments': 60,
  'SelfAssessment.items': 20,
  // Rates of a wave's scopes (a community's grids), each with a tally per question of its survey.
  'Query.threeRates': 40,
  'Query.threeRatesTrend': 12,
  'ThreeRates.tallies': 12,
  'QuestionTally.options': 6,
  'ThreeRates.meetingPlaces': 8,
  'ThreeRates.conversationPlaces': 8,
  'SampleDraw.strata': 60,
  // canvasses: a community's (small grids, a short questionnaire of a few options each)
  'Query.canvasses': 20,
  'Canvass.questions': 10,
  'CanvassProgress.grids': 40,
  'CanvassResults.grids': 40,
  'CanvassResults.questions': 10,
  'CanvassGridResult.questions': 10,
  'CanvassQuestionResult.options': 6,
  'CanvassAnswer.answers': 10,
  'Query.queues': 10,
  'Query.appointmentSlots': 100,
  'Query.purchasedServiceProjects': 30,
  'PurchasedServiceProject.deliverables': 20,
  'PurchasedServiceProject.deliverablesDue': 20,
  'PublicBoard.schedule': 60,
  'PublicBoard.posts': 30,
  'PublicBoard.duty': 20,
  'NoticeBoard.schedule': 60,
  'NoticeBoard.posts': 30,
  'NoticeBoard.desks': 20,
  'Query.noticeBoardCommunities': 60,
  'Room.bookings': 30,
  'ServiceRequest.timeline': 15,
  'ServiceRequest.materials': 10,
  'ServiceRequestStats.byType': 60,
  'ServiceRequestStats.byWorker': 60,
  'Suggestion.replies': 10,
  'Notification.deliveries': 5,
};
/** A list of objects not declared above. */
export const DEFAULT_LIST_SIZE = 20;
/** `first` when a paginated field is asked without it (the subgraphs' default page). */
export const DEFAULT_PAGE = 20;

/** The largest `first` a paginated field takes where it is not MAX_PAGE_SIZE (the subgraph checks it too). */
const MAX_FIRST: Readonly<Record<string, number>> = { 'Query.nearestFacilities': 50, 'Query.pointsLeaderboard': 50 };
/** `first` when a paginated field whose default page is not DEFAULT_PAGE is asked without it. */
const DEFAULT_FIRST: Readonly<Record<string, number>> = { 'Grid.households': 50 };

/** Rows a field reads beyond what it returns: a search that the engine answers by scanning. */
const SCAN_ROWS = 1_000;
const SCANS: Readonly<Record<string, (args: Record<string, unknown>) => boolean>> = {
  // Only place (grid, community) is served from list buckets and counts; any other filter is a search.
  'Query.residents': (a) => Object.keys((a.filter as object | null) ?? {}).some((k) => k !== 'gridId' && k !== 'communityId'),
  'Query.serviceRequests': (a) => Object.keys((a.filter as object | null) ?? {}).length > 0,
  'Query.suggestions': (a) => Object.keys((a.filter as object | null) ?? {}).length > 0,
};

/** The estimator: an object is a row, a list multiplies its rows, scalars are free. */
export function estimateRows({ type, field, args, childComplexity }: ComplexityEstimatorArgs): number {
  const coordinate = `${type.name}.${field.name}`;
  if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
  const named = getNamedType(field.type);
  const scan = SCANS[coordinate]?.(args) ? SCAN_ROWS : 0;
  if (!isCompositeType(named)) return scan;
  const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
  if (field.args.some((a) => a.name === 'first')) {
    // Refused here, before any subgraph is asked, as the subgraph would refuse it.
    const max = MAX_FIRST[coordinate] ?? MAX_PAGE_SIZE;
    if (
      args.first !== undefined &&
      args.first !== null &&
      !(Number.isInteger(args.first) && (args.first as number) >= 1 && (args.first as number) <= max)
    ) {
      throw new BadUserInputError('first', `必须在 1 到 ${max} 之间 (must be between 1 and ${max})`);
    }
    const first = typeof args.first === 'number' ? args.first : (DEFAULT_FIRST[coordinate] ?? DEFAULT_PAGE);
    // A connection's rows are under nodes/edges (whose own size is 1 here); a paginated list's are itself.
    return scan + 1 + first * childComplexity;
  }
  // One row a node (an edge counts its node's row), multiplied by the connection's `first` above.
  if (/Connection$/.test(type.name) && field.name === 'nodes') return 1 + childComplexity;
  if (/Connection$/.test(type.name) && field.name === 'edges') return childComplexity;
  if (isListType(unwrapped)) {
    const declared = LIST_SIZES[coordinate] ?? DEFAULT_LIST_SIZE;
    return scan + (typeof declared === 'function' ? declared(args) : declared) * (1 + childComplexity);
  }
  return scan + 1 + childComplexity;
}

/** The cost of an operation as the gateway will plan it; throws BAD_USER_INPUT for variables that do not coerce. */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
): number {
  try {
    return getComplexity({ schema, query: document, variables, operationName: operationName ?? undefined, estimators: [estimateRows] });
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof GraphQLError) throw new AppError(err.message, ErrorCode.BAD_USER_INPUT);
    throw err;
  }
}

/** The error of an operation over the limit: says which limit, in Chinese and English. */
export function costLimitError(cost: number, maxCost: number): AppError {
  return new AppError(
    `查询预计读取 ${cost} 行,超过单次上限 ${maxCost} (operation cost ${cost} exceeds the cost limit ${maxCost}; ask for fewer rows with \`first\`, fewer aliases or less nesting)`,
    ErrorCode.BAD_USER_INPUT,
    { limit: 'cost', cost, maxCost, http: { status: 400 } },
  );
}
