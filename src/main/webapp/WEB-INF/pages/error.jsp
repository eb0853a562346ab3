<%@ page isErrorPage="true" %>
<%@ include file="taglibs.jspf" %>
<c:set var="title" value="Not here"/>
<%@ include file="header.jspf" %>
<main class="error-page">
  <h1><c:out value="${empty error ? 'Nothing here' : 'Not allowed'}"/></h1>
  <c:if test="${empty error}"><p>This page does not exist.</p></c:if>
  <p><a href="${pageContext.request.contextPath}/rooms">Back to the rooms</a></p>
</main>
<%@ include file="footer.jspf" %>
