import { createBrowserRouter, Navigate, Outlet } from "react-router";
import { RouteErrorScreen } from "~/components/error-boundary";
import { AdminLayout } from "~/features/admin/admin-layout";
import { ModelsPage } from "~/features/admin/models-page";
import { TeamsPage } from "~/features/admin/teams-page";
import { UsersPage } from "~/features/admin/users-page";
import { LoginPage } from "~/features/auth/login-page";
import { SetupPage } from "~/features/auth/setup-page";
import { ChatLayout } from "~/features/chat/chat-layout";
import { DirectoryPage } from "~/features/directory/directory-page";
import { ConversationPage } from "~/features/chat/conversation-page";
import { NewConversationPage } from "~/features/chat/new-conversation-page";
import { DocumentPage } from "~/features/knowledge/document-page";
import { KnowledgeLayout } from "~/features/knowledge/knowledge-layout";
import { SearchPage } from "~/features/knowledge/search-page";
import { SourcePage } from "~/features/knowledge/source-page";
import { SourcesPage } from "~/features/knowledge/sources-page";
import { MonitoringAssistantPage } from "~/features/monitoring/assistant-page";
import { MonitoringPage } from "~/features/monitoring/monitoring-page";
import { ReviewPage } from "~/features/monitoring/review-page";
import { UsagePage } from "~/features/monitoring/usage-page";
import { AssistantHistoryPage, EditAssistantPage, NewAssistantPage } from "~/features/studio/assistant-pages";
import { ComparePage } from "~/features/quality/compare-page";
import { QualityPage } from "~/features/quality/quality-page";
import { RunPage } from "~/features/quality/run-page";
import { SuitePage } from "~/features/quality/suite-page";
import { StudioPage } from "~/features/studio/studio-page";
import { AppShell } from "./app-shell";
import { NotFoundPage } from "./not-found";
import { PublicGate, RequireUser } from "./session-gate";

export function createRouter() {
  return createBrowserRouter([
    {
      element: <Outlet />,
      errorElement: <RouteErrorScreen />,
      children: [
        { path: "/setup", element: <PublicGate page="setup" />, children: [{ index: true, element: <SetupPage /> }] },
        { path: "/login", element: <PublicGate page="login" />, children: [{ index: true, element: <LoginPage /> }] },
        {
          path: "/",
          element: (
            <RequireUser>
              <AppShell />
            </RequireUser>
          ),
          children: [
            { index: true, element: <Navigate to="/chat" replace /> },
            {
              path: "chat",
              element: <ChatLayout />,
              children: [
                { index: true, element: <NewConversationPage /> },
                { path: "new", element: <NewConversationPage /> },
                { path: ":conversationId", element: <ConversationPage /> },
              ],
            },
            { path: "studio", element: <StudioPage /> },
            { path: "studio/new", element: <NewAssistantPage /> },
            { path: "studio/:assistantId", element: <EditAssistantPage /> },
            { path: "studio/:assistantId/history", element: <AssistantHistoryPage /> },
            { path: "studio/:assistantId/quality", element: <QualityPage /> },
            { path: "studio/:assistantId/quality/suites/:suiteId", element: <SuitePage /> },
            { path: "studio/:assistantId/quality/runs/:runId", element: <RunPage /> },
            { path: "studio/:assistantId/quality/compare", element: <ComparePage /> },
            { path: "assistants", element: <DirectoryPage /> },
            {
              path: "knowledge",
              element: <KnowledgeLayout />,
              children: [
                { index: true, element: <SourcesPage /> },
                { path: "search", element: <SearchPage /> },
                { path: "sources/:sourceId", element: <SourcePage /> },
                { path: "documents/:documentId", element: <DocumentPage /> },
                { path: "*", element: <NotFoundPage /> },
              ],
            },
            { path: "monitoring", element: <MonitoringPage /> },
            { path: "monitoring/assistants/:assistantId", element: <MonitoringAssistantPage /> },
            { path: "monitoring/usage", element: <UsagePage /> },
            { path: "monitoring/review", element: <ReviewPage /> },
            {
              path: "admin",
              element: <AdminLayout />,
              children: [
                { index: true, element: <Navigate to="/admin/users" replace /> },
                { path: "users", element: <UsersPage /> },
                { path: "teams", element: <TeamsPage /> },
                { path: "models", element: <ModelsPage /> },
                { path: "*", element: <NotFoundPage /> },
              ],
            },
            { path: "*", element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
